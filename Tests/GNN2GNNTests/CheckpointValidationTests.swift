import Foundation
import Testing
@testable import GNN2GNN
import TestFixtures
import TensorCore

/// A damaged or edited checkpoint is refused with an error naming the file and the field, never a crash.
@Suite struct CheckpointValidationTests {
    @Test func badTrainerStatesAndTensorsAreErrorsNotCrashes() throws {
        let benchmark = try syntheticBenchmark()
        var config = smallConfiguration()
        config.epochs = 1
        let trainer = try Trainer(configuration: config, benchmark: benchmark)
        let good = trainer.state
        try trainer.validate(good)
        var states: [(String, TrainerState)] = []
        var s = good; s.randomState = [0, 0, 0, 0]; states.append(("randomState", s))
        s = good; s.randomState = [1, 2]; states.append(("randomState", s))
        s = good; s.optimizerSteps = [1]; states.append(("optimizerSteps", s))
        s = good; s.epochsCompleted = 7; states.append(("epochsCompleted", s))
        s = good; s.trainingQueries = [benchmark.classes.count]; states.append(("trainingQueries", s))
        s = good; s.elite = [-1]; states.append(("elite", s))
        for (field, state) in states {
            #expect { try trainer.validate(state) } throws: { ($0 as? CheckpointError)?.field == field }
        }
        // Non-finite parameters.
        var tensors = trainer.model.namedTensors
        let name = tensors.keys.sorted().first!
        tensors[name] = Tensor(shape: tensors[name]!.shape, scalars: [Float](repeating: .nan, count: tensors[name]!.count))
        var copy = trainer
        #expect { try copy.restore(state: good, parameters: tensors, optimizer: [:]) } throws: { ($0 as? CheckpointError)?.field == name }
    }

    @Test func aMissingOrBrokenCheckpointNamesTheFile() throws {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("missing-\(UUID().uuidString).safetensors")
        #expect { try SafeTensors.read(from: url) } throws: { "\($0)".contains(url.path) && !"\($0)".contains("NSCocoaErrorDomain") }
        try Data([1, 2, 3]).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect { try SafeTensors.read(from: url) } throws: { "\($0)".contains(url.path) }
    }

    @Test func hugeSettingsAreRefusedBeforeAnythingIsAllocated() {
        var c = TrainingConfiguration()
        c.hiddenSize = 100_000
        #expect(throws: ConfigurationError.self) { try c.validate() }
        c = TrainingConfiguration()
        c.generatorSamples = 10_000_000
        #expect(throws: ConfigurationError.self) { try c.validate() }
    }
}
