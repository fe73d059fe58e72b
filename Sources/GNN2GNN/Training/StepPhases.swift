import TensorCore

/// The phases of a GNN2GNN training step, as `gnn2gnn-bench` reports them.
extension StepProfile.Phase {
    public static let generatorForward = Self("generator forward")
    public static let refinement = Self("refinement")
    public static let encoding = Self("encoding for D/V")
    public static let lookups = Self("benchmark look-ups")
    public static let discriminator = Self("discriminator forward")
    public static let valuer = Self("valuer forward")

    /// Every phase a training step is split into, in the order of the step.
    public static let trainingStep: [Self] = [
        .generatorForward, .refinement, .encoding, .lookups, .discriminator, .valuer, .backward, .optimiser,
    ]
}
