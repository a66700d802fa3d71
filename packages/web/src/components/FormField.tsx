import type { ReactNode } from 'react';

/** The id of a field's hint, for the control's aria-describedby. */
export function fieldHintId(id: string): string {
  return `${id}-hint`;
}

interface FormFieldProps {
  /** The control's id: the label points at it. */
  readonly id: string;
  readonly label: string;
  /** A line under the control; give the control `aria-describedby={fieldHintId(id)}` so it is read out. */
  readonly hint?: ReactNode;
  /** Spans the whole row of a form grid (text areas, long inputs). */
  readonly wide?: boolean;
  /** The control itself (input, select, textarea) with `id` set. */
  readonly children: ReactNode;
}

/** A labelled form control with an optional hint: the shape every form of the dashboard uses. */
export function FormField({ id, label, hint, wide = false, children }: FormFieldProps) {
  return (
    <div className={wide ? 'field field-wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint !== undefined && <small id={fieldHintId(id)}>{hint}</small>}
    </div>
  );
}
