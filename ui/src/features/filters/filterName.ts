// Filter names become Kubernetes object names and URL paths in the mesh, so they follow DNS label rules — the same
// rule the backend applies (ModuleUpload.CheckName); checking here too tells the user while typing.
const namePattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function validateFilterName(name: string): string | undefined {
  if (name === '') return 'Give the filter a name.';
  if (!namePattern.test(name)) {
    return 'Use 1 to 63 lowercase letters, digits and "-", starting and ending with a letter or digit.';
  }
  return undefined;
}

/** A valid name derived from a file name: `My_Filter.wasm` → `my-filter`. */
export function suggestFilterName(fileName: string): string {
  return fileName
    .replace(/\.wasm$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/g, '');
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MiB`;
}

/** The largest module the backend accepts. */
export const maxModuleBytes = 16 * 1024 * 1024;
