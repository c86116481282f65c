import CZlib
import Foundation

/// Raw DEFLATE (RFC 1951, no zlib or gzip header), as the HTTP-Redirect binding encodes
/// messages (SAML bindings §3.4.4.1).
enum RawDeflate {
    /// zlib's `windowBits` for a raw stream with the largest window.
    private static let rawWindowBits: Int32 = -15

    static func compress(_ data: Data) -> Data {
        var stream = z_stream()
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, rawWindowBits, 8, Z_DEFAULT_STRATEGY,
                            zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { fatalError("zlib: deflateInit2 failed") }
        defer { deflateEnd(&stream) }
        var input = [UInt8](data)
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 16)
        let produced = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                // deflateBound is enough for one Z_FINISH call (zlib manual, deflateBound).
                guard deflate(&stream, Z_FINISH) == Z_STREAM_END else { fatalError("zlib: deflate did not finish") }
                return target.count - Int(stream.avail_out)
            }
        }
        return Data(output.prefix(produced))
    }

    /// Inflates at most `limit` bytes; a stream that would produce more is refused as soon as it
    /// passes the limit, so a small "deflate bomb" never grows to its full size in memory.
    static func decompress(_ data: Data, limit: Int) throws(SAMLRequestError) -> Data {
        var stream = z_stream()
        guard inflateInit2_(&stream, rawWindowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SAMLRequestError(.malformed, "zlib: inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        var input = [UInt8](data)
        var result = Data()
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let status: Int32 = input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            while true {
                let (code, produced) = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    let code = inflate(&stream, Z_NO_FLUSH)
                    return (code, target.count - Int(stream.avail_out))
                }
                result.append(contentsOf: chunk.prefix(produced))
                if result.count > limit { return Z_BUF_ERROR }
                if code == Z_STREAM_END { return code }
                if code != Z_OK || (produced == 0 && stream.avail_in == 0) { return code == Z_OK ? Z_DATA_ERROR : code }
            }
        }
        if result.count > limit { throw SAMLRequestError(.tooLarge, "inflated beyond \(limit) bytes") }
        guard status == Z_STREAM_END else { throw SAMLRequestError(.malformed, "not a raw DEFLATE stream (\(status))") }
        return result
    }
}
