/// Random lower-case hex, for Message-IDs and outbox file names: unique without coordination
/// between nodes (RFC 5322 §3.6.4 asks for global uniqueness of Message-IDs).
enum RandomToken {
    static func hex(octets: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        var output = ""
        for _ in 0..<octets {
            let octet = UInt8.random(in: 0...255, using: &generator)
            output.append(digits[Int(octet >> 4)])
            output.append(digits[Int(octet & 0x0F)])
        }
        return output
    }
}
