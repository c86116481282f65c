import Foundation

/// libFuzzer's callbacks (https://llvm.org/docs/LibFuzzer.html), called from
/// Tests/fuzz/Driver/driver.c. The target is chosen by
/// `PFORTE_FUZZ_TARGET`; with `PFORTE_FUZZ_SEEDS=DIR` the binary instead writes every target's
/// seed inputs to `DIR/<target>/` and exits (how Tests/fuzz/corpus is made).
@_cdecl("pforte_fuzz_initialize")
func fuzzInitialize() -> Int32 {
    let environment = ProcessInfo.processInfo.environment
    if let directory = environment["PFORTE_FUZZ_SEEDS"] {
        do {
            try FuzzTarget.writeSeeds(to: URL(fileURLWithPath: directory))
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("cannot write seeds: \(error)\n".utf8))
            exit(2)
        }
    }
    guard let name = environment["PFORTE_FUZZ_TARGET"], FuzzTarget.named(name) != nil else {
        let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
        FileHandle.standardError.write(Data("set PFORTE_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    _ = selectedTarget
    return 0
}

/// Chosen once; its fixtures (keys, metadata) are built on first use.
let selectedTarget: FuzzTarget = FuzzTarget.named(ProcessInfo.processInfo.environment["PFORTE_FUZZ_TARGET"] ?? "")!

@_cdecl("pforte_fuzz_one_input")
func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let data = bytes.map { Data(bytes: $0, count: size) } ?? Data()
    selectedTarget.run(data)
    return 0
}
