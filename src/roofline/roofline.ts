import { jupyterDisplaySymbol, type MimeBundle } from "../cell/mime";
import { Figure } from "../display/plot/figure";
import type { Table } from "../display/table";
import type { MachineCeilings } from "./ceilings";
import { ceilingsTable, placementTable, rooflineChart } from "./report";
import { placePoint, type Placement, type RooflinePoint } from "./placement";

/**
 * Measured runs placed against this machine's ceilings: for each, the ceiling that binds
 * at its intensity and the fraction of it reached. Displayed, the table; `chart()` draws
 * the log-log roofline with the ceilings as lines and the runs as points.
 */
export class Roofline {
  constructor(
    readonly ceilings: MachineCeilings,
    readonly placements: readonly Placement[],
  ) {}

  /** One row per point: intensity, GFLOP/s, binding ceiling, fraction reached. */
  table(): Table {
    return placementTable(this.placements, this.ceilings);
  }

  /** The ceilings measured, one thread and all cores, with their methods. */
  ceilingsTable(): Table {
    return ceilingsTable(this.ceilings);
  }

  chart(): Figure {
    return rooflineChart(this.placements, this.ceilings);
  }

  [jupyterDisplaySymbol](): MimeBundle {
    return (this.placements.length > 0 ? this.table() : this.ceilingsTable())[jupyterDisplaySymbol]();
  }
}

/** Places each measured run against the ceilings (`measureCeilings()`): see `Roofline`. */
export function roofline(points: readonly RooflinePoint[], ceilings: MachineCeilings): Roofline {
  return new Roofline(ceilings, points.map((point) => placePoint(point, ceilings)));
}
