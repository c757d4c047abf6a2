// Display formats for cluster sizes.

/** Bytes as the largest binary unit that keeps a number ≥ 1, e.g. 8225546240 → "7.7 GiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** CPU cores, keeping millicore fractions: 8 → "8", 3.5 → "3.5", 0.25 → "0.25". */
export function formatCores(cores: number): string {
  return `${Number(cores.toFixed(2))}`;
}
