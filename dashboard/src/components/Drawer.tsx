import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

const open: object[] = [];

/**
 * A side panel over the page (full width on a narrow window). Escape closes the topmost one and focus
 * returns to whatever opened it.
 */
export function Drawer({
  label,
  onClose,
  children,
  wide,
}: {
  label: string;
  onClose: () => void;
  children: ComponentChildren;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  // A layout effect runs in the render's commit, not after the next paint: the opener is read while it
  // still has focus (a busy page can paint late, and anything may take focus meanwhile).
  useLayoutEffect(() => {
    const token = {};
    open.push(token);
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || open[open.length - 1] !== token) return;
      e.preventDefault();
      e.stopPropagation();
      closeRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      open.splice(open.indexOf(token), 1);
      // The element that opened the panel may have been re-rendered; find it again by its task number.
      const again = opener?.isConnected
        ? opener
        : opener?.dataset.task
          ? document.querySelector<HTMLElement>(`[data-task="${CSS.escape(opener.dataset.task)}"]`)
          : null;
      again?.focus();
    };
  }, []);
  return (
    <div class="drawer-layer">
      <button
        type="button"
        class="drawer-backdrop"
        tabIndex={-1}
        aria-label="Close"
        onClick={() => closeRef.current()}
      />
      <div
        class={`drawer${wide ? ' drawer-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        tabIndex={-1}
        ref={ref}
      >
        {children}
      </div>
    </div>
  );
}

export function ErrorText({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {error}
    </p>
  );
}
