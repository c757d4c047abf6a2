// The same rule the backend applies (a DNS label), checked as the user types so the sentence comes at once.
const dnsLabel = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const reserved = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

export function namespaceError(name: string): string | undefined {
  if (name === '') return 'Name a namespace, such as demo.';
  if (name.length > 63 || !dnsLabel.test(name)) {
    return 'Use lowercase letters, digits and dashes (at most 63), starting and ending with a letter or digit.';
  }
  if (reserved.has(name)) return `${name} belongs to Kubernetes itself; use a namespace of your own.`;
  return undefined;
}
