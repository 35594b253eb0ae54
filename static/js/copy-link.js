// Sharing page: "Copy" puts an invitation link on the clipboard and says so (a status line).
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button.copy-link");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.getAttribute("aria-describedby"));
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    status.textContent = "Copied.";
  } catch {
    status.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy.";
  }
});
