import Foundation
@testable import GNN2GNN
import TensorCore

/// A fresh temporary folder.
func temporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "gnn2gnn-test-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The option drawn at each of the `slots` slots of cell `c`, from one-hot rows `c · slots + t`.
func chosenOptions(_ oneHot: Tensor, cell c: Int, slots: Int) -> [Int] {
    let k = oneHot.shape[1]
    return (0..<slots).map { t in (0..<k).first { oneHot[c * slots + t, $0] == 1 }! }
}

/// log softmax of the one-row `logits` at `option`, computed directly (what an exact log-probability sums).
func logSoftmax(_ logits: Tensor, at option: Int) -> Float {
    let k = logits.shape[1]
    let m = (0..<k).map { logits[0, $0] }.max()!
    let z = (0..<k).reduce(Float(0)) { $0 + expf(logits[0, $1] - m) }
    return logits[0, option] - m - logf(z)
}
