// Saves a Blob as a file through a temporary object URL.

export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function baseName(graph) {
  const name = graph?.crates?.[0]?.name || 'cratemap';
  return (
    String(name)
      .replace(/[^A-Za-z0-9_.-]+/g, '_')
      .slice(0, 60) || 'cratemap'
  );
}
