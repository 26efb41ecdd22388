// A header checkbox with data-check-all="NAME" checks every box named NAME.
document.querySelectorAll("[data-check-all]").forEach((master) => {
  master.addEventListener("change", () => {
    const name = master.dataset.checkAll;
    document.querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((box) => {
      box.checked = master.checked;
    });
  });
});
