// A small SVG bar chart, drawn from the results: no chart library, nothing but strings.

const COLORS = {
  'react-glock': '#2563eb',
  'react-use-websocket': '#dc2626',
  baseline: '#6b7280',
  'partysocket/react': '#9333ea',
}
const LABELS = { baseline: 'hand-written baseline' }

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * Panels of horizontal bars. Each panel: `{ title, scale: 'log' | 'linear', format(value), groups: [{ label,
 * bars: [{ series, value }] }], markers?: [{ value, label }] }` (a marker is a dashed line: a budget, a target).
 * Each panel is scaled to its own data.
 */
export function barChart({ title, subtitle, panels }) {
  const width = 820
  const left = 150
  const right = 110
  const barHeight = 13
  const barGap = 3
  const groupGap = 10
  const plot = width - left - right
  const parts = []
  let y = 28
  parts.push(`<text x="16" y="${y}" font-size="16" font-weight="600">${escape(title)}</text>`)
  if (subtitle) {
    y += 18
    parts.push(`<text x="16" y="${y}" font-size="11" fill="#555">${escape(subtitle)}</text>`)
  }
  // Legend.
  y += 22
  const series = [
    ...new Set(panels.flatMap((panel) => panel.groups.flatMap((group) => group.bars.map((bar) => bar.series)))),
  ]
  let x = 16
  for (const name of series) {
    parts.push(`<rect x="${x}" y="${y - 10}" width="12" height="12" fill="${COLORS[name] ?? '#999'}"/>`)
    parts.push(`<text x="${x + 17}" y="${y}" font-size="12">${escape(LABELS[name] ?? name)}</text>`)
    x += 30 + (LABELS[name] ?? name).length * 7
  }
  y += 14
  for (const panel of panels) {
    y += 22
    const log = panel.scale === 'log'
    parts.push(
      `<text x="16" y="${y}" font-size="13" font-weight="600">${escape(panel.title)}${log ? ' <tspan font-weight="400" fill="#777" font-size="11">log scale</tspan>' : ''}</text>`,
    )
    y += 8
    const markers = panel.markers ?? []
    const values = [
      ...panel.groups.flatMap((group) => group.bars.map((bar) => bar.value)),
      ...markers.map((m) => m.value),
    ].filter((value) => value > 0)
    const max = Math.max(...values)
    const min = Math.min(...values)
    const low = log ? Math.pow(10, Math.floor(Math.log10(min)) - (min === max ? 1 : 0)) : 0
    const high = log ? Math.pow(10, Math.ceil(Math.log10(max))) : max
    const scale = (value) => {
      if (!(value > 0)) return 0
      if (log) return (plot * (Math.log10(value) - Math.log10(low))) / (Math.log10(high) - Math.log10(low))
      return (plot * value) / high
    }
    const top = y
    for (const group of panel.groups) {
      y += 4
      const height = group.bars.length * (barHeight + barGap) - barGap
      parts.push(
        `<text x="${left - 8}" y="${y + height / 2 + 4}" font-size="12" text-anchor="end">${escape(group.label)}</text>`,
      )
      for (const bar of group.bars) {
        const length = Math.max(1, scale(bar.value))
        parts.push(
          `<rect x="${left}" y="${y}" width="${length.toFixed(1)}" height="${barHeight}" fill="${COLORS[bar.series] ?? '#999'}"><title>${escape(
            `${LABELS[bar.series] ?? bar.series}: ${panel.format(bar.value)}`,
          )}</title></rect>`,
        )
        parts.push(
          `<text x="${left + length + 5}" y="${y + barHeight - 2}" font-size="11">${escape(panel.format(bar.value))}</text>`,
        )
        y += barHeight + barGap
      }
      y += groupGap - barGap
    }
    // Grid lines: the decades of a log scale, or the ends of a linear one.
    const ticks = log
      ? Array.from({ length: Math.round(Math.log10(high / low)) + 1 }, (_, i) => low * Math.pow(10, i))
      : [0, high / 2, high]
    for (const tick of ticks) {
      const tx = left + (log ? scale(tick) : (plot * tick) / high)
      parts.push(
        `<line x1="${tx.toFixed(1)}" y1="${top}" x2="${tx.toFixed(1)}" y2="${y}" stroke="#ddd" stroke-width="1"/>`,
      )
      parts.push(
        `<text x="${tx.toFixed(1)}" y="${y + 11}" font-size="10" fill="#777" text-anchor="middle">${escape(panel.format(tick, true))}</text>`,
      )
    }
    for (const marker of markers) {
      const mx = (left + scale(marker.value)).toFixed(1)
      parts.push(
        `<line x1="${mx}" y1="${top - 4}" x2="${mx}" y2="${y}" stroke="#111" stroke-width="1.5" stroke-dasharray="4 3"/>`,
      )
      parts.push(`<text x="${mx}" y="${top - 7}" font-size="10" text-anchor="middle">${escape(marker.label)}</text>`)
    }
    y += 14
  }
  y += 16
  // Grid lines go under the bars: draw them first (markers, dashed, go on top).
  const isGrid = (part) => part.startsWith('<line') && !part.includes('dasharray')
  const grid = parts.filter(isGrid)
  const rest = parts.filter((part) => !isGrid(part))
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">`,
    `<rect width="${width}" height="${y}" fill="#fff"/>`,
    ...grid,
    ...rest,
    '</svg>',
    '',
  ].join('\n')
}
