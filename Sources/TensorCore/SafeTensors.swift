import Foundation

/// Reading and writing the safetensors format (a little-endian u64 header length, a JSON header
/// mapping names to dtype/shape/byte offsets, then the raw little-endian tensor bytes), as read by
/// Python's `safetensors`. Only `F32` tensors are written; `F32` and `F64` are read.
public enum SafeTensors {
    /// Why a safetensors file could not be read.
    public struct FormatError: Error, CustomStringConvertible {
        public let message: String
        public init(message: String) { self.message = message }
        public var description: String { "safetensors: \(message)" }
    }

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

    /// Decodes a safetensors file into tensors and metadata.
    public static func decode(_ data: Data) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw FormatError(message: "file shorter than its 8-byte header length") }
        var headerLength = 0
        for i in 0..<8 { headerLength |= Int(bytes[i]) << (8 * i) }
        guard headerLength >= 0, 8 + headerLength <= bytes.count else {
            throw FormatError(message: "header length \(headerLength) exceeds the file (\(bytes.count) bytes)")
        }
        let headerData = Data(bytes[8..<(8 + headerLength)])
        guard let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
            throw FormatError(message: "header is not a JSON object")
        }
        let base = 8 + headerLength
        var tensors: [String: Tensor] = [:]
        var metadata: [String: String] = [:]
        for (name, entry) in header {
            if name == "__metadata__" {
                metadata = entry as? [String: String] ?? [:]
                continue
            }
            guard let info = entry as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2
            else { throw FormatError(message: "tensor \(name): malformed header entry") }
            let count = shape.reduce(1, *)
            let width = dtype == "F32" ? 4 : dtype == "F64" ? 8 : 0
            guard width > 0 else { throw FormatError(message: "tensor \(name): unsupported dtype \(dtype)") }
            guard offsets[1] - offsets[0] == count * width, base + offsets[1] <= bytes.count, offsets[0] >= 0 else {
                throw FormatError(message: "tensor \(name): data offsets \(offsets) do not fit shape \(shape)")
            }
            var scalars = [Float](repeating: 0, count: count)
            for i in 0..<count {
                let start = base + offsets[0] + i * width
                var bits: UInt64 = 0
                for b in 0..<width { bits |= UInt64(bytes[start + b]) << (8 * b) }
                scalars[i] = width == 4 ? Float(bitPattern: UInt32(bits)) : Float(Double(bitPattern: bits))
            }
            tensors[name] = Tensor(shape: shape, scalars: scalars)
        }
        return (tensors, metadata)
    }

    /// Writes named tensors atomically (a temporary file renamed into place).
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL) throws {
        try encode(tensors, metadata: metadata).write(to: url, options: .atomic)
    }

    /// Reads a safetensors file; a file that cannot be read or decoded throws a `FormatError` that
    /// names it.
    public static func read(from url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw FormatError(message: "\(url.path): cannot read the file (missing or unreadable)")
        }
        do { return try decode(data) } catch let error as FormatError {
            throw FormatError(message: "\(url.path): \(error.message)")
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
