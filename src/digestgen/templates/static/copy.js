// Paper pages: the "Copy BibTeX" button. It is hidden in the page and shown only here, where
// the browser can copy (the clipboard needs a secure context: https or this machine); without
// this script the entry can still be selected, and its .bib file is linked beside it.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const source = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector("[role=status]");
  if (!source || !status || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.textContent);
      status.textContent = "Copied";
    } catch {
      status.textContent = "Could not copy: select the entry and copy it";
    }
  });
}
