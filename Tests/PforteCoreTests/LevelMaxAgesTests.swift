import Foundation
import PforteCore
import Testing

@Suite struct LevelMaxAgesTests {
    private let start = Date(timeIntervalSince1970: 1_800_000_000)
    private let hourEach = LevelMaxAges([.substantiell: 3600, .hoch: 3600])

    @Test func aPasswordSessionIsNormalWhateverItsAge() {
        #expect(hourEach.level(LevelAuthentications(), now: start.addingTimeInterval(86_400)) == .normal)
    }

    @Test func aLevelHoldsUpToItsMaximumAgeInclusive() {
        var card = LevelAuthentications()
        card.record(.hoch, at: start)
        #expect(hourEach.level(card, now: start.addingTimeInterval(3600)) == .hoch)
        #expect(hourEach.level(card, now: start.addingTimeInterval(3601)) == .normal)
    }

    @Test func anExpiredLevelFallsBackToTheHighestThatStillHolds() {
        let ages = LevelMaxAges([.substantiell: 7200, .hoch: 3600])
        var card = LevelAuthentications()
        card.record(.hoch, at: start)
        #expect(card.latest == [.substantiell: start, .hoch: start])
        #expect(ages.level(card, now: start.addingTimeInterval(5000)) == .substantiell)
        #expect(ages.level(card, now: start.addingTimeInterval(7201)) == .normal)
    }

    @Test func aLaterLowerLoginRenewsOnlyItsOwnLevelAndThoseBelow() {
        var session = LevelAuthentications()
        session.record(.hoch, at: start)
        session.record(.substantiell, at: start.addingTimeInterval(3000))
        #expect(hourEach.level(session, now: start.addingTimeInterval(4000)) == .substantiell)
        session.record(.normal, at: start.addingTimeInterval(4000))
        #expect(session.latest[.normal] == nil)
    }

    @Test func normalCannotBeGivenAMaximumAgeAndUnlimitedHoldsForever() {
        #expect(LevelMaxAges([.normal: 1]).maxAge(of: .normal) == nil)
        var card = LevelAuthentications()
        card.record(.hoch, at: start)
        #expect(LevelMaxAges.unlimited.level(card, now: start.addingTimeInterval(1e9)) == .hoch)
    }
}
