import type { ReactNode } from 'react';

/**
 * A wide table's horizontal scroll: focusable and named, so a keyboard can scroll it too (axe's
 * scrollable-region-focusable) and a screen reader announces what it holds.
 */
export function ScrollRegion({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" tabIndex={0} aria-labelledby={labelledBy}>
      {children}
    </div>
  );
}
