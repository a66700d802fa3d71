import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <>
      <h1>Page not found</h1>
      <p className="empty-state">
        There is no page at this address. <Link to="/">Go to the overview</Link>.
      </p>
    </>
  );
}
