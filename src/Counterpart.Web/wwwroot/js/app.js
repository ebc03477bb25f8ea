// ECharts for the back office without eval: options arrive as JSON (parsed, never evaluated), so the pages keep a
// script-src 'self' content security policy. A click on a chart element calls back into the page's component.
window.counterpartCharts = {
  charts: new Map(),

  render(id, json, dotnet) {
    const element = document.getElementById(id);
    if (!element || !window.echarts) {
      return;
    }

    let chart = this.charts.get(id);
    if (!chart) {
      chart = window.echarts.init(element, null, { renderer: 'svg', locale: 'ZH' });
      chart.on('click', p => dotnet.invokeMethodAsync('OnChartClick', p.seriesIndex ?? 0, p.dataIndex ?? 0, String(p.name ?? '')));
      const resize = () => chart.resize();
      window.addEventListener('resize', resize);
      chart.__resize = resize;
      this.charts.set(id, chart);
    }

    chart.setOption(JSON.parse(json), true);
  },

  dispose(id) {
    const chart = this.charts.get(id);
    if (chart) {
      window.removeEventListener('resize', chart.__resize);
      chart.dispose();
      this.charts.delete(id);
    }
  },
};

// A file the page produced (e.g. a refused workbook with its errors marked) saved by the browser.
window.counterpartDownload = async (fileName, streamRef) => {
  const blob = new Blob([await streamRef.arrayBuffer()]);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
};
