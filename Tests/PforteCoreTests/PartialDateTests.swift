import PforteCore
import Testing

@Suite struct PartialDateTests {
    @Test(arguments: [
        (1970, 3, 21, "1970-03-21"),
        (1970, 3, nil, "1970-03"),
        (1970, nil, nil, "1970"),
        (2000, 2, 29, "2000-02-29"),
        (2024, 2, 29, "2024-02-29"),
        (1999, 12, 31, "1999-12-31"),
    ] as [(Int, Int?, Int?, String)])
    func accepted(year: Int, month: Int?, day: Int?, iso: String) throws {
        let date = try PartialDate(year: year, month: month, day: day)
        #expect(date.year == year && date.month == month && date.day == day)
        #expect(date.description == iso)
    }

    @Test(arguments: [
        (999, nil, nil, PartialDateError.invalidYear),
        (10000, 1, 1, .invalidYear),
        (1970, 0, nil, .invalidMonth),
        (1970, 13, 1, .invalidMonth),
        (1970, nil, 5, .dayWithoutMonth),
        (1970, 1, 0, .invalidDay),
        (1970, 1, 32, .invalidDay),
        (1970, 4, 31, .invalidDay),
        (1900, 2, 29, .invalidDay),
        (2023, 2, 29, .invalidDay),
    ] as [(Int, Int?, Int?, PartialDateError)])
    func refused(year: Int, month: Int?, day: Int?, expected: PartialDateError) {
        #expect(throws: expected) { try PartialDate(year: year, month: month, day: day) }
    }
}
