/** Placeholder for an area of DESIGN.md that this version does not implement: a plain statement, no sample data. */
export function AreaNotBuiltPage({ title }: { title: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p className="empty-state">{title} is not built yet in this version of CitySOC.</p>
    </>
  );
}
