import FileIO
import Foundation

/// Reading and writing the safetensors format (a little-endian u64 header length, a JSON header
/// mapping names to dtype/shape/byte offsets, then the raw little-endian tensor bytes), as read by
/// Python's `safetensors`. Only `F32` tensors are written; `F32` and `F64` are read.
public enum SafeTensors {
    /// Why a safetensors file could not be read: one line naming the file (when known) and the tensor.
    public struct FormatError: FileError {
        public let file: String
        public let message: String
        public init(file: String = "", message: String) { self.file = file; self.message = message }
        public var description: String { file.isEmpty ? "safetensors: \(message)" : "\(file): safetensors: \(message)" }
    }

    /// The largest JSON header a file may declare (the format's own reference reader uses the same cap).
    public static let maximumHeaderBytes = 100 << 20

    /// Encodes named tensors (written in name order) plus string metadata.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) throws -> Data {
        let names = tensors.keys.sorted()
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for name in names {
            let t = tensors[name]!
            header[name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + 4 * t.count]]
            offset += 4 * t.count
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var data = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        for name in names {
            for value in tensors[name]!.scalars {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
            }
        }
        return data
    }

    /// Decodes a safetensors file into tensors and metadata. Every size in the header is checked
    /// against the bytes that are there before anything is allocated.
    public static func decode(_ data: Data) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            guard bytes.count >= 8 else { throw FormatError(message: "file shorter than its 8-byte header length") }
            var declared: UInt64 = 0
            for i in 0..<8 { declared |= UInt64(bytes[i]) << (8 * UInt64(i)) }
            guard declared <= UInt64(min(maximumHeaderBytes, bytes.count - 8)) else {
                throw FormatError(message: "header length \(declared) exceeds the file (\(bytes.count) bytes) or the \(maximumHeaderBytes >> 20) MiB cap")
            }
            let headerLength = Int(declared)
            let headerData = Data(bytes[8..<(8 + headerLength)])
            guard let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
                throw FormatError(message: "header is not a JSON object")
            }
            let base = 8 + headerLength
            let payload = bytes.count - base
            var tensors: [String: Tensor] = [:]
            var metadata: [String: String] = [:]
            for (name, entry) in header {
                let shown = quotedExcerpt(name[...])
                if name == "__metadata__" {
                    guard let strings = entry as? [String: String] else {
                        throw FormatError(message: "__metadata__ is not an object of strings")
                    }
                    metadata = strings
                    continue
                }
                guard let info = entry as? [String: Any], let dtype = info["dtype"] as? String,
                      let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2
                else { throw FormatError(message: "tensor \(shown): malformed header entry (dtype, shape, data_offsets)") }
                let width = dtype == "F32" ? 4 : dtype == "F64" ? 8 : 0
                guard width > 0 else { throw FormatError(message: "tensor \(shown): unsupported dtype \(quotedExcerpt(dtype[...]))") }
                // The byte count the shape needs, without overflow: each extent ≥ 0 and the product within the payload.
                var byteCount = width
                for extent in shape {
                    let (product, overflow) = byteCount.multipliedReportingOverflow(by: extent)
                    guard extent >= 0, !overflow, product <= payload else {
                        throw FormatError(message: "tensor \(shown): shape \(shape) does not fit the file's \(payload) data bytes")
                    }
                    byteCount = product
                }
                guard offsets[0] >= 0, offsets[1] >= offsets[0], offsets[1] <= payload, offsets[1] - offsets[0] == byteCount else {
                    throw FormatError(message: "tensor \(shown): data offsets \(offsets) do not fit shape \(shape) in \(payload) data bytes")
                }
                let count = byteCount / width
                let start = bytes.baseAddress! + base + offsets[0]
                let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    for i in 0..<count {
                        if width == 4 {
                            buffer[i] = Float(bitPattern: UInt32(littleEndian: start.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                        } else {
                            buffer[i] = Float(Double(bitPattern: UInt64(littleEndian: start.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
                        }
                    }
                    initialized = count
                }
                tensors[name] = Tensor(shape: shape, scalars: scalars)
            }
            return (tensors, metadata)
        }
    }

    /// Writes named tensors atomically (a temporary file renamed into place).
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL) throws {
        try AtomicFile.write(try encode(tensors, metadata: metadata), to: url)
    }

    /// Reads a safetensors file; a file that cannot be read or decoded throws a `FormatError` that
    /// names it.
    public static func read(from url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw FormatError(file: url.path, message: "cannot read the file (missing or unreadable)")
        }
        do { return try decode(data) } catch let error as FormatError {
            throw FormatError(file: url.path, message: error.message)
        }
    }
}

extension ParameterStore {
    /// Parameters by name, for `SafeTensors`.
    public var namedTensors: [String: Tensor] { Dictionary(uniqueKeysWithValues: zip(names, tensors)) }

    /// Replaces every parameter with the tensor of the same name; throws if one is missing or has another shape.
    public mutating func load(_ named: [String: Tensor]) throws {
        for (i, name) in names.enumerated() {
            guard let t = named[name] else { throw SafeTensors.FormatError(message: "missing tensor \(name)") }
            guard t.shape == tensors[i].shape else {
                throw SafeTensors.FormatError(message: "tensor \(name) has shape \(t.shape), expected \(tensors[i].shape)")
            }
            tensors[i] = t
        }
    }
}
