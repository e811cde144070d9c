namespace ModelMonitor.Reporting.Charts;

/// <summary>The one stylesheet for every chart and highlighted text: colours live here as classes, never in the SVG, so one report follows the reader's light or dark preference and prints legibly.</summary>
/// <remarks>
/// Colour classes set <c>color</c>, and shape classes paint with <c>currentColor</c>, so a series'
/// group (<c>&lt;g class="mm-s2"&gt;</c>) colours its line, band, dots and legend swatch at once.
/// Series: <c>mm-s0</c>..<c>mm-s7</c>; roles: <c>mm-ref</c>, <c>mm-cur</c>, <c>mm-pos</c>,
/// <c>mm-neg</c>; marked points: <c>mm-mark</c> (a circle in its series colour, ringed) and <c>mm-mark-label</c>; structure: <c>mm-chart</c>, <c>mm-title</c>, <c>mm-note</c>,
/// <c>mm-label</c> (axis labels), <c>mm-tick</c>, <c>mm-axis</c>, <c>mm-grid</c>, <c>mm-ref-line</c>,
/// <c>mm-legend</c>, <c>mm-empty</c>; shapes: <c>mm-line</c>, <c>mm-band</c>, <c>mm-bar</c>,
/// <c>mm-area</c>, <c>mm-layer</c>, <c>mm-dot</c>, <c>mm-sq</c>, <c>mm-pt</c>, <c>mm-sw</c>,
/// <c>mm-val</c>; text highlights: <c>mm-w</c> with <c>mm-w-pos</c> or <c>mm-w-neg</c> and an
/// intensity <c>--w</c> in [0, 1]. The dark palette applies on screens only, so printing a report
/// read in dark mode still gives dark ink on white paper.
/// </remarks>
internal static class ChartStyles
{
    /// <summary>The stylesheet, to place once in the page's <c>&lt;style&gt;</c>.</summary>
    public const string Css =
        ":root{--mm-fg:#1f2328;--mm-muted:#59636e;--mm-grid:#e3e7eb;--mm-bg:#fff;"
        + "--mm-c0:#2f6db5;--mm-c1:#e08214;--mm-c2:#2a9d68;--mm-c3:#c8467d;--mm-c4:#7b5cc4;--mm-c5:#2ea3b8;--mm-c6:#a8642f;--mm-c7:#6e7781;"
        + "--mm-ref:#5f6b78;--mm-cur:#e0701a;--mm-pos:#2f6db5;--mm-neg:#d0452a;--mm-mark:#1f2328}\n"
        + "@media screen and (prefers-color-scheme:dark){:root{--mm-fg:#e6edf3;--mm-muted:#9aa5b1;--mm-grid:#30363d;--mm-bg:#0d1117;"
        + "--mm-c0:#6ea8f0;--mm-c1:#f5a54a;--mm-c2:#4cc38a;--mm-c3:#eb7aab;--mm-c4:#a88ff2;--mm-c5:#5ccbdc;--mm-c6:#d89257;--mm-c7:#9aa5b1;"
        + "--mm-ref:#a3adb8;--mm-cur:#f39346;--mm-pos:#6ea8f0;--mm-neg:#f07a5e;--mm-mark:#f0f3f6}.mm-band{fill-opacity:.24}}\n"
        + ".mm-chart{display:block;width:100%;height:auto;overflow:visible;font:12px system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif}\n"
        + ".mm-chart text{fill:var(--mm-fg)}.mm-chart .mm-tick text,.mm-chart text.mm-note,.mm-chart text.mm-empty{fill:var(--mm-muted)}\n"
        + ".mm-title{font-size:13px;font-weight:600}.mm-legend,.mm-label{font-size:12px}.mm-note{font-style:italic}.mm-empty-box{fill:none;stroke:var(--mm-grid);stroke-dasharray:4 3}\n"
        + ".mm-axis{fill:none;stroke:var(--mm-muted);stroke-width:1}.mm-grid{fill:none;stroke:var(--mm-grid);stroke-width:1}.mm-ref-line{fill:none;stroke:var(--mm-muted);stroke-dasharray:4 4}\n"
        + ".mm-s0{color:var(--mm-c0)}.mm-s1{color:var(--mm-c1)}.mm-s2{color:var(--mm-c2)}.mm-s3{color:var(--mm-c3)}"
        + ".mm-s4{color:var(--mm-c4)}.mm-s5{color:var(--mm-c5)}.mm-s6{color:var(--mm-c6)}.mm-s7{color:var(--mm-c7)}\n"
        + ".mm-ref{color:var(--mm-ref)}.mm-cur{color:var(--mm-cur)}.mm-pos{color:var(--mm-pos)}.mm-neg{color:var(--mm-neg)}\n"
        + ".mm-line{fill:none;stroke:currentColor;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}"
        + ".mm-band{fill:currentColor;fill-opacity:.15;stroke:none}.mm-bar,.mm-sw{fill:currentColor}"
        + ".mm-area{fill:currentColor;fill-opacity:.9}.mm-layer{fill:currentColor;fill-opacity:.35;stroke:currentColor;stroke-width:1.2}\n"
        + ".mm-pt{fill:none;stroke:currentColor;stroke-width:5;stroke-linecap:round}"
        + ".mm-dot{fill:none;stroke:currentColor;stroke-width:5;stroke-linecap:round;stroke-opacity:.75}"
        + ".mm-sq{fill:none;stroke:currentColor;stroke-width:5;stroke-linecap:square;stroke-opacity:.4}\n"
        + ".mm-mark{fill:currentColor;stroke:var(--mm-mark);stroke-width:2}.mm-chart text.mm-mark-label{font-weight:600;paint-order:stroke;stroke:var(--mm-bg);stroke-width:3px;stroke-linejoin:round}.mm-chart text.mm-val{font-size:11px;fill:var(--mm-muted)}\n"
        + ".mm-w{border-radius:3px;padding:0 1px}"
        + ".mm-w-pos{background:color-mix(in srgb,var(--mm-pos) calc(var(--w,1)*55%),transparent)}"
        + ".mm-w-neg{background:color-mix(in srgb,var(--mm-neg) calc(var(--w,1)*55%),transparent)}\n"
        + "@media print{.mm-chart{max-width:100%!important;break-inside:avoid;page-break-inside:avoid}"
        + ".mm-chart,.mm-w{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";
}
