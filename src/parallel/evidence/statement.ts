/** A sentence the evidence supports, with what it is about, so callers can pick or test by kind. */
export interface Statement {
  kind:
    | "shares" // what the workers' time went into (always given for a pool run)
    | "dispatch-dominates"
    | "dispatch-negligible"
    | "unequal-speed"
    | "slower-compute"
    | "imbalance"
    | "faster"
    | "slower"
    | "indistinguishable"
    | "model-confirmed" // the cost model's validation run agreed with its prediction
    | "model-contradicted"
    | "model-inconclusive"
    | "prediction" // a prediction beyond the validated worker count, with its error
    | "prediction-withheld"
    | "repeats-disagree"; // two measurements of the same work whose ranges do not overlap
  text: string;
}
