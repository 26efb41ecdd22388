// "看不清？换一张": fetch a new captcha without reloading the form.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("[data-captcha-refresh]");
  if (!link) return;
  event.preventDefault();
  const form = link.closest("form");
  const response = await fetch(link.dataset.captchaRefresh, {
    headers: { "X-Requested-With": "XMLHttpRequest" },
  });
  if (!response.ok) return;
  const data = await response.json();
  form.querySelector("img.captcha").src = data.image_url;
  form.querySelector("input[name$=captcha_0]").value = data.key;
  const answer = form.querySelector("input[name$=captcha_1]");
  answer.value = "";
  answer.focus();
});
