// How the attack graph looks: MulVAL's conventions for node kinds (AND = ellipse for an
// interaction rule applied, OR = diamond for a derived privilege, LEAF = box for a fact),
// paths to crown jewels in red, the attacker's positions filled black-red, next steps numbered.
import type { Core, StylesheetJson } from 'cytoscape';

/** Above this many elements the cheap rendering paths are used (haystack edges, no arrows). */
export const BIG_GRAPH = 800;

export function graphStyle(big: boolean): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        // Small graphs: every node labelled, drawn only once zoomed in enough to read.
        // Big graphs: labels only on the `lbl` class, given to the nodes in view when zoomed in
        // (see labelVisible): measuring 5,000 labels up front costs seconds.
        // Labels come cut to length (see elementsOf): cytoscape's own ellipsis measures text per
        // character.
        ...(big ? {} : { label: 'data(label)' }),
        'font-size': 9, 'text-valign': 'bottom', 'text-margin-y': 3,
        'min-zoomed-font-size': 8, width: 18, height: 18, 'background-color': '#adb5bd', 'border-width': 1, 'border-color': '#495057',
      },
    },
    { selector: 'node.lbl', style: { label: 'data(label)' } },
    // Kinds are classes, not data selectors: a class test is cheaper on every style pass.
    { selector: 'node.AND', style: { shape: 'ellipse', 'background-color': '#dee2e6', width: 14, height: 14 } },
    { selector: 'node.OR', style: { shape: 'diamond', 'background-color': '#74c0fc', width: 22, height: 22 } },
    { selector: 'node.LEAF', style: { shape: 'rectangle', 'background-color': '#ffe066', width: 18, height: 12 } },
    { selector: 'node.goalpath', style: { 'border-color': '#e03131', 'border-width': 2 } },
    { selector: 'node.goal', style: { shape: 'star', 'background-color': '#e03131', width: 34, height: 34, 'font-weight': 'bold', 'font-size': 11 } },
    {
      selector: 'node.attacker',
      style: { 'background-color': '#212529', 'border-color': '#f03e3e', 'border-width': 5, width: 30, height: 30, color: '#c92a2a', 'font-weight': 'bold', 'z-index': 20 },
    },
    {
      selector: 'node.next',
      style: { 'border-color': '#f76707', 'border-width': 4, 'border-style': 'dashed', 'z-index': 15 },
    },
    { selector: 'node:selected', style: { 'overlay-color': '#1c7ed6', 'overlay-opacity': 0.3, 'overlay-padding': 6 } },
    {
      selector: 'edge',
      style: big
        ? { 'curve-style': 'haystack', 'haystack-radius': 0, width: 1, 'line-color': '#ced4da', opacity: 0.7 }
        : { 'curve-style': 'straight', width: 1, 'line-color': '#adb5bd', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#adb5bd', 'arrow-scale': 0.6 },
    },
    { selector: 'edge.goalpath', style: { 'line-color': '#e03131', 'target-arrow-color': '#e03131', width: 2.5, opacity: 1, 'z-index': 10 } },
  ];
}

/** Zoom from which a big graph's labels are drawn (9 px text is readable from about here). */
export const LABEL_ZOOM = 0.8;
/** Most labels drawn at once on a big graph; past that the view is too dense to read anyway. */
const MAX_LABELS = 250;

/** Gives the `lbl` class to the nodes in view when zoomed in, and takes it from the rest. */
export function labelVisible(cy: Core): void {
  cy.batch(() => {
    const had = cy.nodes('.lbl');
    if (cy.zoom() < LABEL_ZOOM) {
      had.removeClass('lbl');
      return;
    }
    const ext = cy.extent();
    const inView = cy.nodes().filter((n) => {
      const p = n.position();
      return p.x >= ext.x1 && p.x <= ext.x2 && p.y >= ext.y1 && p.y <= ext.y2;
    });
    had.difference(inView).removeClass('lbl');
    if (inView.length <= MAX_LABELS) inView.addClass('lbl');
  });
}
