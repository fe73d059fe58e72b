/// How `TrainingConfiguration` is stored in `config.json`.
///
/// Version 3 (since 2026-12-05) is version 2 with `oracle.queryBudget` a whole number of look-ups or
/// `"unlimited"` (0 now means none; versions 1 and 2 wrote 0 for no cap and are read that way).
///
/// Version 2 (written since 2026-12) groups the settings into sections, and the `generator` section is
/// a tagged union: `kind` names the generator and only that generator's settings may follow, with
/// the score-function term (`policyGradient`, GNN only) and whole-space distillation (`distillation`) as
/// objects that exist only for generators that can use them (their weight 0 turns them off). A setting the generator would ignore cannot
/// be written:
///
/// ```json
/// { "version": 2,
///   "data": { "space": "nb201", "topRemoved": 10, "complexity": 1 },
///   "generator": { "kind": "autoregressive", "hiddenSize": 64, "logitBound": 5,
///                  "distillation": { "weight": 1, "temperature": 2, "plateau": 0, "samples": 0 } },
///   "game": { "lambda": 0.1, … }, "valuer": { "mode": "rank", … }, "oracle": { … },
///   "optimisation": { … }, "evaluation": { … } }
/// ```
///
/// Version 1 (every run folder written before) is one flat object keyed by the property names; it
/// is still read. In both, an unknown key is an error naming it, a missing key keeps its default.
enum ConfigurationFormat {
    /// The sections every configuration has, in file order.
    static var sections: [ConfigurationSection] {
        [
            ConfigurationSection("data", [
                .init("space", \.space), .optional("dataPath", \.dataPath), .optional("dataset", \.dataset),
                .optional("objective", \.objective), .init("topRemoved", \.topRemoved, flag: "--top-removed"),
                .init("complexity", \.complexity, flag: "--complexity"),
            ]),
            ConfigurationSection("game", [
                .init("lambda", \.lambda, flag: "--lambda"),
                .init("adversarialWarmup", \.adversarialWarmup, flag: "--warmup"),
                .init("generatorSamples", \.generatorSamples, flag: "--generator-samples"),
                .init("entropyWeight", \.entropyWeight, flag: "--entropy-weight"),
                .init("discriminatorLossFloor", \.discriminatorLossFloor, flag: "--discriminator-floor"),
                .init("discriminatorRealTop", \.discriminatorRealTop, flag: "--discriminator-real-top"),
                .init("eliteSize", \.eliteSize, flag: "--elite-size"), .init("eliteShare", \.eliteShare, flag: "--elite-share"),
            ]),
            ConfigurationSection("valuer", [
                .init("mode", \.valuerMode, name: "valuerMode", flag: "--valuer-mode"),
                .init("width", \.valuerWidth, name: "valuerWidth", flag: "--valuer-width"),
                .init("layers", \.valuerLayers, name: "valuerLayers", flag: "--valuer-layers"),
                .init("directedSum", \.valuerDirectedSum, name: "valuerDirectedSum", flag: "--valuer-directed-sum"),
                .init("pretrainEpochs", \.valuerPretrainEpochs, name: "valuerPretrainEpochs", flag: "--valuer-pretrain"),
                .init("restarts", \.valuerRestarts, name: "valuerRestarts", flag: "--valuer-restarts"),
                .init("topWeight", \.valuerTopWeight, name: "valuerTopWeight", flag: "--valuer-top-weight"),
                .init("goodTop", \.goodTop, flag: "--good-top"),
                .init("rankExtension", \.valuerRankExtension, name: "valuerRankExtension", flag: "--valuer-rank-extension"),
            ]),
            ConfigurationSection("oracle", [
                .init("feedback", \.oracleFeedback, name: "oracleFeedback", flag: "--oracle-feedback"),
                .init("penalizeAbsent", \.penalizeAbsent, flag: "--penalize-absent"),
                .init("queryBudget", \.queryBudget, flag: "--query-budget"),
            ]),
            ConfigurationSection("optimisation", [
                .init("epochs", \.epochs, flag: "--epochs"), .init("minimumSteps", \.minimumSteps, flag: "--minimum-steps"),
                .init("batchSize", \.batchSize, flag: "--batch-size"),
                .init("learningRate", \.learningRate, flag: "--learning-rate"),
                .init("weightDecay", \.weightDecay), .init("seed", \.seed, flag: "--seed"),
            ]),
            ConfigurationSection("evaluation", [
                .init("membersOnly", \.membersOnly, flag: "--members-only"),
                .init("evaluationCount", \.evaluationCount),
                .init("checkpointSelection", \.checkpointSelection, flag: "--selection"),
            ]),
        ]
    }

    /// The generator's kind, the first key of its section.
    static var kindSetting: ConfigurationSetting { .init("kind", \.generatorKind, name: "generatorKind", flag: "--generator") }

    /// Settings of the `generator` section, each with the generators that read it and why the
    /// others do not (for `validate`'s message).
    static var generatorSettings: [(setting: ConfigurationSetting, kinds: Set<GeneratorKind>, whyNot: String)] {
        let gnnLike: Set<GeneratorKind> = [.gnn, .molgan]
        return [
            (.init("hiddenSize", \.hiddenSize, flag: "--hidden"), [.gnn, .slots, .autoregressive, .rnn], "the MolGAN-style generator's widths are fixed"),
            (.init("layers", \.generatorLayers, name: "generatorLayers", flag: "--mu"), [.gnn, .slots], "only the GNN and slot generators have GCN layers"),
            (.init("temperature", \.temperature, flag: "--tau"), [.gnn, .molgan, .slots], "autoregressive draws are exact categorical draws, without a Gumbel-softmax temperature"),
            (.init("logitBound", \.logitBound, flag: "--logit-bound"), [.gnn, .slots, .autoregressive, .rnn], "the MolGAN-style generator's logits are unbounded"),
            (.init("directEdgeLogits", \.directEdgeLogits, flag: "--direct-edge-logits"), [.gnn], "only the paper's GNN generator has an edge scorer"),
            (.init("nodePositions", \.nodePositions, flag: "--node-positions"), [.gnn], "only the paper's GNN generator has node embeddings"),
            (.init("edgeGradients", \.edgeGradients, flag: "--edge-gradients"), gnnLike, "slot choices reach D and V as cells, without edge weights"),
            (.init("valuerOverAllValid", \.valuerOverAllValid, flag: "--valuer-all-valid"), gnnLike, "slot generators reward members only"),
        ]
    }

    /// The objects of the `generator` section that only some generators have.
    static var generatorObjects: [ConfigurationObject] {
        [
            ConfigurationObject("policyGradient", kinds: [.gnn],
                                whyNot: "slot generators are trained by their own score-function terms, and MolGAN's logits are unbounded", [
                .init("weight", \.policyGradientWeight, name: "policyGradientWeight", flag: "--policy-gradient"),
                .init("oracleReward", \.oracleReward, flag: "--oracle-reward"),
                .init("rewardScale", \.rewardScale, flag: "--reward-scale"),
            ]),
            ConfigurationObject("distillation", kinds: Set(GeneratorKind.allCases.filter(\.hasExactLikelihood)),
                                whyNot: "whole-space distillation needs a generator with an exact likelihood (--generator autoregressive or rnn)", [
                .init("weight", \.distillWeight, name: "distillWeight", flag: "--distill-weight"),
                .init("temperature", \.distillTemperature, name: "distillTemperature", flag: "--distill-temperature"),
                .init("plateau", \.distillPlateau, name: "distillPlateau", flag: "--distill-plateau"),
                .init("samples", \.distillSamples, name: "distillSamples", flag: "--distill-samples"),
            ]),
        ]
    }

    /// Every setting with its dotted path in a version-2 file (`generator.kind` included).
    static var allSettings: [(path: String, setting: ConfigurationSetting)] {
        let inSections = sections.map { section in section.settings.map { ("\(section.key).\($0.key)", $0) } }
        let generator = [("generator.kind", kindSetting)]
            + generatorSettings.map { ("generator.\($0.setting.key)", $0.setting) }
            + generatorObjects.flatMap { object in object.settings.map { ("generator.\(object.key).\($0.key)", $0) } }
        return inSections[0] + generator + inSections.dropFirst().flatMap { $0 }  // the file's order: data, generator, …
    }

    /// Generator settings `kind` does not read, each with the reason.
    static func settingsUnused(by kind: GeneratorKind) -> [(setting: ConfigurationSetting, whyNot: String)] {
        generatorSettings.filter { !$0.kinds.contains(kind) }.map { ($0.setting, $0.whyNot) }
            + generatorObjects.filter { !$0.kinds.contains(kind) }.flatMap { object in object.settings.map { ($0, object.whyNot) } }
    }

    // MARK: Writing

    static func encode(_ c: TrainingConfiguration, to encoder: Encoder) throws {
        var top = encoder.container(keyedBy: FileKey.self)
        try top.encode(TrainingConfiguration.formatVersion, forKey: FileKey("version"))
        for section in sections {
            var container = top.nestedContainer(keyedBy: FileKey.self, forKey: FileKey(section.key))
            for setting in section.settings { try setting.encode(c, &container) }
        }
        var generator = top.nestedContainer(keyedBy: FileKey.self, forKey: FileKey("generator"))
        try kindSetting.encode(c, &generator)
        for (setting, kinds, _) in generatorSettings where kinds.contains(c.generatorKind) { try setting.encode(c, &generator) }
        for object in generatorObjects where object.kinds.contains(c.generatorKind) {
            var container = generator.nestedContainer(keyedBy: FileKey.self, forKey: FileKey(object.key))
            for setting in object.settings { try setting.encode(c, &container) }
        }
    }

    // MARK: Reading

    static func decode(from decoder: Decoder) throws -> TrainingConfiguration {
        let top = try decoder.container(keyedBy: FileKey.self)
        let version = try top.decodeIfPresent(Int.self, forKey: FileKey("version")) ?? 1
        var c = TrainingConfiguration()
        switch version {
        case 1:
            // Flat, keyed by the property names. Builds before version 2 accepted some generator settings
            // the generator did not read (e.g. --hidden with molgan); they had no effect on the run, so
            // they are put back to their defaults instead of making the folder unreadable.
            let settings = allSettings.map(\.setting)
            try rejectUnknownKeys(in: top, known: ["version"] + settings.map(\.name), at: nil)
            for setting in settings { try setting.decode(top, FileKey(setting.name), &c) }
            for (setting, _) in settingsUnused(by: c.generatorKind) { setting.resetToDefault(&c) }
        case 2, 3:
            try rejectUnknownKeys(in: top, known: ["version", "generator"] + sections.map(\.key), at: nil)
            for section in sections where top.contains(FileKey(section.key)) {
                let container = try top.nestedContainer(keyedBy: FileKey.self, forKey: FileKey(section.key))
                try rejectUnknownKeys(in: container, known: section.settings.map(\.key), at: section.key)
                for setting in section.settings { try setting.decode(container, FileKey(setting.key), &c) }
            }
            if top.contains(FileKey("generator")) { try decodeGenerator(top.nestedContainer(keyedBy: FileKey.self, forKey: FileKey("generator")), into: &c) }
        default:
            throw ConfigurationError("key 'version': \(version) is not a configuration format this build reads (1...\(TrainingConfiguration.formatVersion)); it was written by another GNN2GNN")
        }
        // Versions 1 and 2 wrote 0 for "no cap"; version 3 writes `unlimited` and reads 0 as zero look-ups.
        if version < 3, c.queryBudget == .limit(0) { c.queryBudget = .unlimited }
        return c
    }

    private static func decodeGenerator(_ container: KeyedDecodingContainer<FileKey>, into c: inout TrainingConfiguration) throws {
        try kindSetting.decode(container, FileKey(kindSetting.key), &c)
        let kind = c.generatorKind
        let settings = generatorSettings.filter { $0.kinds.contains(kind) }.map(\.setting)
        let objects = generatorObjects.filter { $0.kinds.contains(kind) }
        let known = ["kind"] + settings.map(\.key) + objects.map(\.key)
        for key in container.allKeys.map(\.stringValue).sorted() where !known.contains(key) {
            guard generatorSettings.contains(where: { $0.setting.key == key }) || generatorObjects.contains(where: { $0.key == key }) else {
                throw ConfigurationError("unknown setting 'generator.\(key)'")
            }
            throw ConfigurationError("key 'generator.\(key)': the \(kind.rawValue) generator has no such setting (it has \(known.dropFirst().joined(separator: ", ")))")
        }
        for setting in settings { try setting.decode(container, FileKey(setting.key), &c) }
        for object in objects where container.contains(FileKey(object.key)) {
            let inner = try container.nestedContainer(keyedBy: FileKey.self, forKey: FileKey(object.key))
            try rejectUnknownKeys(in: inner, known: object.settings.map(\.key), at: "generator.\(object.key)")
            for setting in object.settings { try setting.decode(inner, FileKey(setting.key), &c) }
        }
    }

    private static func rejectUnknownKeys(in container: KeyedDecodingContainer<FileKey>, known: [String], at section: String?) throws {
        guard let unknown = container.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) else { return }
        throw ConfigurationError("unknown setting '\(section.map { "\($0)." } ?? "")\(unknown)'")
    }
}

/// A named group of settings in a version-2 file.
struct ConfigurationSection {
    let key: String
    let settings: [ConfigurationSetting]
    init(_ key: String, _ settings: [ConfigurationSetting]) { self.key = key; self.settings = settings }
}

/// An object inside the `generator` section that only the generators `kinds` have (`whyNot`: why
/// the others do not).
struct ConfigurationObject {
    let key: String
    let kinds: Set<GeneratorKind>
    let whyNot: String
    let settings: [ConfigurationSetting]
    init(_ key: String, kinds: Set<GeneratorKind>, whyNot: String, _ settings: [ConfigurationSetting]) {
        self.key = key; self.kinds = kinds; self.whyNot = whyNot; self.settings = settings
    }
}

/// One stored property of `TrainingConfiguration`, read and written by key.
struct ConfigurationSetting {
    /// Its key inside its section of a version-2 file.
    let key: String
    /// The property's name: its key in a version-1 (flat) file and in messages.
    let name: String
    /// The `train` flag that sets it, for messages.
    let flag: String?
    private(set) var encode: (TrainingConfiguration, inout KeyedEncodingContainer<FileKey>) throws -> Void
    let decode: (KeyedDecodingContainer<FileKey>, FileKey, inout TrainingConfiguration) throws -> Void
    /// Whether the configuration holds the setting's default (`TrainingConfiguration()`'s value).
    let isDefault: (TrainingConfiguration) -> Bool
    let resetToDefault: (inout TrainingConfiguration) -> Void
    /// The value as text, for messages.
    private(set) var text: (TrainingConfiguration) -> String

    init<Value: Codable & Equatable>(_ key: String, _ path: WritableKeyPath<TrainingConfiguration, Value>, name: String? = nil, flag: String? = nil) {
        self.key = key
        self.name = name ?? key
        self.flag = flag
        encode = { c, container in try container.encode(c[keyPath: path], forKey: FileKey(key)) }
        decode = { container, fileKey, c in
            if let value = try container.decodeIfPresent(Value.self, forKey: fileKey) { c[keyPath: path] = value }
        }
        let initial = TrainingConfiguration()[keyPath: path]
        isDefault = { $0[keyPath: path] == initial }
        resetToDefault = { $0[keyPath: path] = initial }
        text = { "\($0[keyPath: path])" }
    }

    /// An optional setting, left out of the file when absent.
    static func optional(_ key: String, _ path: WritableKeyPath<TrainingConfiguration, String?>) -> ConfigurationSetting {
        var setting = ConfigurationSetting(key, path)
        setting.encode = { c, container in try container.encodeIfPresent(c[keyPath: path], forKey: FileKey(key)) }
        setting.text = { $0[keyPath: path] ?? "–" }
        return setting
    }

    /// "name (--flag)" for messages.
    var described: String { flag.map { "\(name) (\($0))" } ?? name }
}

/// Any JSON key.
struct FileKey: CodingKey {
    let stringValue: String
    init(_ string: String) { stringValue = string }
    init(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

extension TrainingConfiguration {
    /// Settings that differ between `self` and `other`, by their dotted path in `config.json`
    /// (`generator.hiddenSize`), with both values: `(path, self's, other's)`.
    public func differences(from other: TrainingConfiguration) -> [(path: String, this: String, other: String)] {
        ConfigurationFormat.allSettings.compactMap { path, setting in
            let (a, b) = (setting.text(self), setting.text(other))
            return a == b ? nil : (path, a, b)
        }
    }
}

extension TrainingConfiguration {
    /// A Markdown table of every setting in which the default preset differs from the paper's on any
    /// of `spaces`: its `config.json` path, its flag, the paper's value and the default's per space
    /// ("·" where it is the paper's). The README's preset table is this (`gnn2gnn presets`).
    public static func presetDifferencesTable(spaces: [String]) throws -> String {
        let papers = try spaces.map { try preset("paper", space: $0) }
        let defaults = try spaces.map { try preset("default", space: $0) }
        var lines = ["| setting | flag | paper | " + spaces.map { "default on \($0)" }.joined(separator: " | ") + " |",
                     "| --- | --- | --- | " + spaces.map { _ in "---" }.joined(separator: " | ") + " |"]
        for (path, setting) in ConfigurationFormat.allSettings {
            let paper = papers.map(setting.text), chosen = defaults.map(setting.text)
            guard zip(paper, chosen).contains(where: { $0 != $1 }) else { continue }
            let paperText = Set(paper).count == 1 ? paper[0] : zip(spaces, paper).map { "\($0): \($1)" }.joined(separator: ", ")
            let cells = zip(paper, chosen).map { $0 == $1 ? "·" : $1 }
            lines.append("| `\(path)` | " + (setting.flag.map { "`\($0)`" } ?? "–") + " | \(paperText) | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
