import type { Theme } from '@mui/material/styles';

/**
 * Recharts draws its tooltip as a white box with black text and its axes without labels whatever the theme; these
 * props make the tooltip follow the MUI palette (readable in dark mode) and give every axis a named, coloured label.
 */
export function tooltipTheme(theme: Theme) {
  return {
    contentStyle: {
      backgroundColor: theme.palette.background.paper,
      border: `1px solid ${theme.palette.divider}`,
      borderRadius: theme.shape.borderRadius,
      color: theme.palette.text.primary,
    },
    labelStyle: { color: theme.palette.text.secondary },
    itemStyle: { color: theme.palette.text.primary },
    cursor: { stroke: theme.palette.divider, fill: theme.palette.action.hover },
  };
}

export const axisTick = (theme: Theme) => ({ fill: theme.palette.text.secondary, fontSize: 12 });

export function xAxisLabel(theme: Theme, value: string) {
  return { value, position: 'insideBottom' as const, offset: -4, fill: theme.palette.text.secondary, fontSize: 12 };
}

export function yAxisLabel(theme: Theme, value: string) {
  return { value, angle: -90, position: 'insideLeft' as const, style: { textAnchor: 'middle' as const }, fill: theme.palette.text.secondary, fontSize: 12 };
}

/** Room under the x-axis for its label. */
export const chartMargin = { top: 8, right: 8, bottom: 16, left: 8 };
