import FileIO
import Foundation

/// A malformed TFRecord file or record, located by file name, record number (0-based) and byte offset.
///
/// Its description is one line, e.g. `ecnas.tfrecord: record 17 (offset 12345): payload CRC mismatch …`.
public struct TFRecordError: FileError, Equatable, Sendable {
    /// The part of the file or record that is wrong.
    public enum Field: String, Sendable {
        case file
        case length
        case lengthCRC = "length CRC"
        case payload
        case payloadCRC = "payload CRC"
        case json = "JSON"
        case base64
        case protobuf
        case hash
        case epochs
        case adjacency
        case ops
    }

    /// Last path component of the file.
    public let file: String
    /// 0-based record number, `nil` for errors about the whole file.
    public let record: Int?
    /// Byte offset of the record's first byte, `nil` for errors about the whole file.
    public let offset: Int?
    /// What is wrong.
    public let field: Field
    /// Human-readable detail, starting with the field.
    public let message: String

    public init(file: String, record: Int?, offset: Int?, field: Field, message: String) {
        self.file = file
        self.record = record
        self.offset = offset
        self.field = field
        self.message = message
    }

    public var description: String {
        if let record, let offset { return "\(file): record \(record) (offset \(offset)): \(message)" }
        return "\(file): \(message)"
    }
}

extension TFRecordError: LocalizedError {
    public var errorDescription: String? { description }
}

/// TFRecord framing: each record is an 8-byte little-endian payload length, the masked CRC-32C of
/// those 8 bytes, the payload, and the masked CRC-32C of the payload.
public enum TFRecord {
    /// Bytes of framing around each payload.
    public static let overhead = 16

    /// Calls `body(record, offset, payload)` for each record of `bytes` in order, after checking both
    /// checksums. `payload` is only valid during the call. An empty buffer has no records.
    public static func forEachPayload(
        in bytes: UnsafeRawBufferPointer, file: String,
        _ body: (_ record: Int, _ offset: Int, _ payload: UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let total = bytes.count
        var offset = 0
        var record = 0
        func fail(_ field: TFRecordError.Field, _ message: String) -> TFRecordError {
            TFRecordError(file: file, record: record, offset: offset, field: field, message: message)
        }
        while offset < total {
            let remaining = total - offset
            guard remaining >= 12 else {
                throw fail(.length, "length header truncated: \(remaining) of 12 bytes present")
            }
            let header = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 8)])
            let length = UInt64(littleEndian: header.loadUnaligned(as: UInt64.self))
            let storedLengthCRC = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self))
            let lengthCRC = CRC32C.mask(CRC32C.checksum(header))
            guard storedLengthCRC == lengthCRC else {
                throw fail(.lengthCRC, "length CRC mismatch (stored \(hex(storedLengthCRC)), computed \(hex(lengthCRC)))")
            }
            let available = UInt64(remaining - 12)
            guard available >= 4, length <= available - 4 else {
                throw fail(.payload, "payload truncated: length \(length) + 4 CRC bytes declared, \(available) bytes left")
            }
            let start = offset + 12
            let end = start + Int(length)
            let payload = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            let storedCRC = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: end, as: UInt32.self))
            let crc = CRC32C.mask(CRC32C.checksum(payload))
            guard storedCRC == crc else {
                throw fail(.payloadCRC, "payload CRC mismatch (stored \(hex(storedCRC)), computed \(hex(crc)))")
            }
            try body(record, offset, payload)
            offset = end + 4
            record += 1
        }
    }

    /// Memory-maps the file at `path` and calls `body` with its bytes; errors opening it are `TFRecordError`s.
    public static func withMappedFile<R>(path: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw TFRecordError(
                file: url.lastPathComponent, record: nil, offset: nil, field: .file,
                message: "cannot read file: \(error.localizedDescription)")
        }
        return try data.withUnsafeBytes { try body($0) }
    }

    /// Frames `payload` as one TFRecord (for writing files and for tests).
    public static func frame(_ payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + overhead)
        let length = UInt64(payload.count)
        let header = (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) }
        out += header
        out += littleEndianBytes(CRC32C.mask(CRC32C.checksum(header)))
        out += payload
        out += littleEndianBytes(CRC32C.mask(CRC32C.checksum(payload)))
        return out
    }

    private static func littleEndianBytes(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
