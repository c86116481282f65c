// The executable of `make fuzz`: libFuzzer's own main (linked by -sanitize=fuzzer) calls these
// two callbacks, which hand over to the Swift harness (Tests/fuzz/Targets/FuzzEntry.swift). The
// entry is C because SwiftPM renames the main symbol of a Swift executable, which would take
// the place of libFuzzer's.
#include <stddef.h>
#include <stdint.h>

int pforte_fuzz_initialize(void);
int pforte_fuzz_one_input(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    return pforte_fuzz_initialize();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return pforte_fuzz_one_input(data, size);
}
