// The body-map component (st.components.v2). The SVG markup is built in Python by triage.drawing from
// the knowledge base only (labels escaped there); no user text ever reaches it. Each region is a
// focusable button: a click, Enter or Space sends its id as the "toggled" trigger, and the server answers
// with the new selection. Selection is shown through aria-pressed (styled by body_map.css), so an
// unchanged picture is never rebuilt and keyboard focus survives the rerun.

const HINT = "Point at or focus a region to see its name; click, Enter or Space selects it.";

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
  root.dataset.selected = [...selected].sort().join(" ");
  root.dataset.understood = [...understood].sort().join(" ");
}
