// "Select all" boxes: a checkbox with data-select-all="NAME" ticks every
// enabled checkbox named NAME in the same form.
document.querySelectorAll("input[data-select-all]").forEach((box) => {
  box.addEventListener("change", () => {
    const name = box.dataset.selectAll;
    box.form
      .querySelectorAll(`input[type=checkbox][name="${name}"]:not(:disabled)`)
      .forEach((item) => {
        item.checked = box.checked;
      });
  });
});
