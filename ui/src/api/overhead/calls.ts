import { getTransport } from '../transport';
import type { OverheadCurve, OverheadReport } from './types';

const reportUrl = (id: string) => `/api/perf/overhead/${encodeURIComponent(id)}`;

export const listOverheadReports = () => getTransport().request<OverheadReport[]>('GET', '/api/perf/overhead');

export const getOverheadReport = (id: string) => getTransport().request<OverheadReport>('GET', reportUrl(id));

export const getOverheadLatency = (id: string) => getTransport().request<OverheadCurve[]>('GET', `${reportUrl(id)}/latency`);

/** Removes the report, its runs and the namespaces it deployed. */
export const deleteOverheadReport = (id: string) => getTransport().request<void>('DELETE', reportUrl(id));

/** Every run of the report as SMP (a YAML stream), as text ready to save. */
export const downloadOverheadSmp = (id: string) => getTransport().download(`${reportUrl(id)}/smp?format=yaml`);

/** The report as a self-contained HTML page, as text ready to save. */
export const downloadOverheadHtml = (id: string) => getTransport().download(`${reportUrl(id)}/html`);
