import { useCallback, useState } from 'react';

/** Widths are rounded to this step, so a drawing sized to its box is not redone for every pixel of a resize. */
const STEP = 40;

/**
 * The width of an element, kept current as the window or the layout changes it: pass the returned callback
 * as the element's `ref`. 0 until the element is measured.
 */
export function useElementWidth(): readonly [(element: HTMLElement | null) => (() => void) | undefined, number] {
  const [width, setWidth] = useState(0);
  const ref = useCallback((element: HTMLElement | null) => {
    if (element === null) return undefined;
    const observer = new ResizeObserver((entries) => {
      const measured = entries[0]?.contentRect.width;
      if (measured !== undefined) setWidth(Math.floor(measured / STEP) * STEP);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}
