// Pans and zooms a page's map (window.gridmap.map) as someone looking around would: in twice,
// across, in to street level (case pins), across, and back out; after each move, until the tile
// layers have their tiles (at most 5 s) and two frames are drawn. A page without a map (a field
// page's list) is scrolled through instead, a screen at a time, and back to the top. One
// definition, read by the city browser tests (PageFigures.cs) and by bench/pagetrace/pagetrace.mjs.
async () => {
  const map = window.gridmap?.map;
  const frames = () => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  if (!map) {
    const page = document.scrollingElement;
    for (let top = innerHeight; top < page.scrollHeight; top += innerHeight) {
      page.scrollTo(0, top);
      await new Promise(resolve => setTimeout(resolve, 100));
      await frames();
    }
    page.scrollTo(0, 0);
    await frames();
    return;
  }
  const tilesIn = () => new Promise(resolve => {
    const loading = [];
    map.eachLayer(l => { if (l instanceof L.GridLayer && l.isLoading?.()) loading.push(l); });
    if (loading.length === 0) return resolve();
    let left = loading.length;
    const timer = setTimeout(resolve, 5000);
    for (const l of loading) l.once('load', () => { if (--left === 0) { clearTimeout(timer); resolve(); } });
  });
  const steps = [
    () => map.zoomIn(2, { animate: false }), () => map.panBy([300, 0], { animate: false }),
    () => map.zoomIn(2, { animate: false }), () => map.panBy([0, 200], { animate: false }),
    () => map.zoomIn(1, { animate: false }), () => map.panBy([-400, -100], { animate: false }),
    () => map.zoomOut(3, { animate: false }), () => map.zoomOut(2, { animate: false }),
  ];
  for (const step of steps) {
    step();
    await new Promise(resolve => setTimeout(resolve, 300)); // what the move sets off starts
    await tilesIn();
    await frames();
  }
}
