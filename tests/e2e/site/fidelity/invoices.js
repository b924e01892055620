// Says which invoices are ticked, so a check can tell the right box from a neighbour's.
document.addEventListener('change', () => {
  const picked = [...document.querySelectorAll('input[type=checkbox]')]
    .filter((box) => box.checked)
    .map((box) => box.closest('li, .card').querySelector('span').textContent);
  document.getElementById('picked').textContent =
    picked.length ? `Picked: ${picked.join(', ')}` : 'Nothing picked';
});
