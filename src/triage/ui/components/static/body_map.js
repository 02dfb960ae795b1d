// The body-map component (st.components.v2). The SVG markup is built in Python by triage.drawing from
// the knowledge base only (labels escaped there); no user text ever reaches it. Each region is a
// focusable button: a click, Enter or Space sends its id as the "toggled" trigger, and the server answers
// with the new selection. Selection is shown through aria-pressed (styled by body_map.css), so an
// unchanged picture is never rebuilt and keyboard focus survives the rerun.

const HINT = "Point at or focus a region to see its name; click, Enter or Space selects it; arrow keys move.";

function regionOf(event) {
  return event.target.closest ? event.target.closest("[data-region]") : null;
}

function wire(root) {
  const hover = root.querySelector(".tbm-hover");
  const toggle = (region) => {
    // Instant feedback; the rerun sends the authoritative selection a moment later.
    region.setAttribute("aria-pressed", region.getAttribute("aria-pressed") === "true" ? "false" : "true");
    root.tbmSend("toggled", region.dataset.region);
  };
  root.addEventListener("click", (event) => {
    const region = regionOf(event);
    if (region && root.tbmInteractive) toggle(region);
  });
  root.addEventListener("keydown", (event) => {
    const region = regionOf(event);
    if (region && root.tbmInteractive && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      toggle(region);
    }
  });
  const show = (event) => {
    const region = regionOf(event);
    hover.textContent = region ? region.getAttribute("aria-label") || "" : HINT;
  };
  root.addEventListener("mouseover", show);
  root.addEventListener("focusin", show);
  root.addEventListener("mouseleave", () => { hover.textContent = HINT; });
}

export default function bodyMap({ data, parentElement, setTriggerValue }) {
  let root = parentElement.querySelector(".tbm");
  if (!root) {
    root = document.createElement("div");
    root.className = "tbm";
    const views = document.createElement("div");
    views.className = "tbm-views";
    const hover = document.createElement("div");
    hover.className = "tbm-hover";
    hover.setAttribute("aria-live", "polite");
    hover.textContent = HINT;
    root.append(views, hover);
    parentElement.appendChild(root);
    wire(root);
    addSkipLink(root);
    wireArrows(root);
  }
  root.tbmSend = setTriggerValue;
  root.tbmInteractive = Boolean(data.interactive);
  root.classList.toggle("tbm-interactive", root.tbmInteractive);
  root.classList.toggle("tbm-small", Boolean(data.small));
  root.classList.toggle("tbm-large", Boolean(data.large));
  for (const [name, value] of Object.entries(data.colours || {})) root.style.setProperty(`--tbm-${name}`, value);

  const views = root.querySelector(".tbm-views");
  const markup = data.svgs.map((svg) => `<div class="tbm-view">${svg}</div>`).join("");
  if (views.tbmMarkup !== markup) {
    const active = root.getRootNode().activeElement;
    const focused = active && active.dataset ? active.dataset.region : null;
    views.innerHTML = markup;
    views.tbmMarkup = markup;
    if (focused) {
      const again = views.querySelector(`[data-region="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
  }
  const selected = new Set(data.selected || []);
  const understood = new Set(data.understood || []);
  for (const region of views.querySelectorAll("[data-region]")) {
    region.setAttribute("aria-pressed", selected.has(region.dataset.region) ? "true" : "false");
    region.classList.toggle("tbm-understood", understood.has(region.dataset.region));
  }
  rove(root);
  root.dataset.selected = [...selected].sort().join(" ");
  root.dataset.understood = [...understood].sort().join(" ");
}

// Keyboard: the whole map is one tab stop (a roving tabindex). Arrow keys move focus to the nearest region in
// that direction on screen (across views too), Home and End to the first and last region; the region last
// focused keeps the tab stop, so Tab and Shift+Tab come back to it.
const ARROWS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };

function centre(element) {
  const box = element.getBoundingClientRect();
  return [box.left + box.width / 2, box.top + box.height / 2];
}

function nearest(from, regions, [dx, dy]) {
  const [x, y] = centre(from);
  let best = null;
  let bestCost = Infinity;
  for (const region of regions) {
    const [rx, ry] = centre(region);
    const along = (rx - x) * dx + (ry - y) * dy;
    const cost = along + 2 * Math.abs((rx - x) * dy - (ry - y) * dx);  // straight ahead beats off to one side
    if (along > 0 && cost < bestCost) [best, bestCost] = [region, cost];
  }
  return best;
}

function rove(root) {
  const regions = [...root.querySelectorAll("[data-region]")];
  const current = regions.find((region) => region.dataset.region === root.tbmCurrent)
    || regions.find((region) => region.getAttribute("aria-pressed") === "true") || regions[0];
  for (const region of regions) region.tabIndex = region === current ? 0 : -1;
}

function wireArrows(root) {
  root.addEventListener("focusin", (event) => {
    const region = regionOf(event);
    if (region) {
      root.tbmCurrent = region.dataset.region;
      rove(root);
    }
  });
  root.addEventListener("keydown", (event) => {
    const region = regionOf(event);
    if (!region || !(event.key in ARROWS || event.key === "Home" || event.key === "End")) return;
    event.preventDefault();  // the arrows move within the map, never scroll the page
    const regions = [...root.querySelectorAll("[data-region]")];
    const next = event.key === "Home" ? regions[0]
      : event.key === "End" ? regions[regions.length - 1] : nearest(region, regions, ARROWS[event.key]);
    if (next) next.focus();
  });
}

// "Skip the body map": the first stop of a clickable map, shown when it has focus. It moves focus to the first
// element after the map that Tab would reach (Chromium's Tab from a tabindex=-1 element inside the map's shadow
// root goes back to the map's first stop, so a target inside the map would not do).
const TABBABLE = "a[href], button, input, select, textarea, [tabindex]";

function addSkipLink(root) {
  const skip = document.createElement("a");
  skip.className = "tbm-skip";
  skip.href = "#";
  skip.textContent = "Skip the body map";
  skip.addEventListener("click", (event) => {
    event.preventDefault();
    const host = root.getRootNode().host || root;  // the component lives in a shadow root
    const after = [...document.querySelectorAll(TABBABLE)].find((element) => !host.contains(element)
      && host.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING
      && element.tabIndex >= 0 && !element.disabled && element.getClientRects().length > 0);
    if (after) after.focus();
  });
  root.prepend(skip);
}
