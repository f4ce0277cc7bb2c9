export function unreadLabel(count: number): string {
  if (count === 0) return "No unread notifications";
  return count === 1 ? "1 unread" : `${count} unread`;
}
