/** Keys the inbox answers to when focus is not in a text field (documented in docs/inbox.md). */
export const SHORTCUTS: { keys: string; does: string }[] = [
  { keys: 'j / k', does: 'Next / previous conversation' },
  { keys: '1 / 2 / 3', does: 'Unassigned / Mine / All' },
  { keys: 'c', does: 'Claim the open conversation' },
  { keys: 'r', does: 'Reply: focus the message box' },
  { keys: 'e', does: 'Resolve (with tags)' },
  { keys: 'i', does: 'Show or hide the visitor details' },
  { keys: 'Esc', does: 'Leave the message box, close a dialog' },
  { keys: '?', does: 'This list' },
];

/** True when a key press belongs to what the user is typing (or to an open dialog), not to a shortcut. */
export function isTypingTarget(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  const el = event.target as HTMLElement | null;
  if (!el) return false;
  if (el.closest('dialog[open]')) return true;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}
