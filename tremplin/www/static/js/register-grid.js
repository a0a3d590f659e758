// The register grid: one Tab stop, arrow keys between cells (roving focus), totals as typed.
// Without this script every box is a plain text field and the server computes the totals.
(function () {
  "use strict";
  const table = document.querySelector("[data-register-grid]");
  if (!table) return;
  const boxes = Array.from(table.querySelectorAll("input[data-row]"));
  if (!boxes.length) return;
  const assimilatedCodes = new Set((table.dataset.assimilatedCodes || "").split(" "));
  const reasonCodes = new Set((table.dataset.reasonCodes || "").split(" "));
  const byPosition = new Map(boxes.map((box) => [box.dataset.row + ":" + box.dataset.col, box]));

  function activate(box) {
    boxes.forEach((other) => { other.tabIndex = other === box ? 0 : -1; });
  }
  activate(boxes.find((box) => !box.disabled) || boxes[0]);

  function neighbour(box, dRow, dCol) {
    let row = Number(box.dataset.row);
    let col = Number(box.dataset.col);
    for (let step = 0; step < 50; step += 1) {
      row += dRow;
      col += dCol;
      if (row < 0 || col < 0) return null;
      const found = byPosition.get(row + ":" + col);
      if (found) return found;
      if (dRow && !table.querySelector("[data-row='" + row + "']")) return null;
      if (dCol && !table.querySelector("[data-col='" + col + "']")) return null;
    }
    return null;
  }

  const MOVES = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  table.addEventListener("keydown", (event) => {
    const box = event.target;
    const move = MOVES[event.key];
    if (!move || !box.matches("input[data-row]") || event.altKey || event.ctrlKey) return;
    // Left and right move the caret inside a box being edited, and leave it at its ends.
    const whole = box.selectionStart === 0 && box.selectionEnd === box.value.length;
    if (!whole && event.key === "ArrowLeft" && box.selectionStart > 0) return;
    if (!whole && event.key === "ArrowRight" && box.selectionEnd < box.value.length) return;
    const next = neighbour(box, move[0], move[1]);
    event.preventDefault();
    if (next) next.focus();
  });
  table.addEventListener("focusin", (event) => {
    if (!event.target.matches("input[data-row]")) return;
    activate(event.target);
    event.target.select();
  });

  // Same reading as the server (tremplin/www/centre/training/register_grid.py), for totals.
  function hoursOf(text, planned) {
    const result = { followed: 0, assimilated: 0 };
    let counted = 0;
    let openCode = null;
    for (const token of text.trim().split(/[\s+;]+/).filter(Boolean)) {
      const match = /^([A-Za-z]+)?(\d{1,2}(?:[.,]\d{1,2})?)?$/.exec(token);
      if (!match || !(match[1] || match[2])) return null;
      const hours = match[2] ? Number(match[2].replace(",", ".")) : null;
      if (!match[1]) { result.followed += hours; counted += hours; continue; }
      const code = match[1].toUpperCase();
      if (code !== "A" && !reasonCodes.has(code)) return null;
      if (hours === null) { openCode = code; continue; }
      counted += hours;
      if (assimilatedCodes.has(code)) result.assimilated += hours;
    }
    if (openCode && assimilatedCodes.has(openCode)) {
      result.assimilated += Math.max(planned - counted, 0);
    }
    return result;
  }

  const format = (n) => (Math.round(n * 100) / 100).toString().replace(".", ",");

  function refreshTotals() {
    const rowTotals = new Map();
    const dayTotals = new Map();
    boxes.forEach((box) => {
      // A box sent back refused counts nothing until it is changed (as on the server).
      const refused = box.getAttribute("aria-invalid") === "true" && box.value === box.defaultValue;
      const read = refused ? null : hoursOf(box.value, Number(box.dataset.planned || 0));
      const hours = read || { followed: 0, assimilated: 0 };
      const row = rowTotals.get(box.dataset.row) || { followed: 0, assimilated: 0 };
      row.followed += hours.followed;
      row.assimilated += hours.assimilated;
      rowTotals.set(box.dataset.row, row);
      dayTotals.set(box.dataset.col, (dayTotals.get(box.dataset.col) || 0) + hours.followed);
    });
    table.querySelectorAll("[data-row-total]").forEach((cell) => {
      const total = rowTotals.get(cell.dataset.rowTotal) || { followed: 0, assimilated: 0 };
      cell.querySelector("[data-followed]").textContent = format(total.followed);
      const assimilated = cell.querySelector("[data-assimilated]");
      assimilated.textContent = format(total.assimilated);
      assimilated.parentElement.hidden = !total.assimilated;
    });
    table.querySelectorAll("[data-day-total]").forEach((cell) => {
      cell.textContent = format(dayTotals.get(cell.dataset.dayTotal) || 0);
    });
  }
  table.addEventListener("input", refreshTotals);
})();
