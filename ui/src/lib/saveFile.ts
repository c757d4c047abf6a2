/**
 * Saves text as a file the user downloads. Works the same inside Docker Desktop, where responses come through
 * ddClient as bodies (not URLs the page could link to): the api module fetches the text, this makes the file.
 */
export function saveTextFile(fileName: string, text: string, mediaType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; the URL is no longer needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
