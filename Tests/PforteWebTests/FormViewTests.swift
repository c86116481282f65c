@testable import PforteWeb
import Testing

/// A checkbox is never ticked for the citizen: its `value` is what a ticked box sends, not
/// whether it is ticked, and only a box the citizen ticked stays ticked when a form comes back
/// with errors (a consent must be given by the citizen, GDPR Art. 7).
@Suite struct FormViewTests {
    private func consentForm() -> FormView {
        FormView([
            FormField(name: "name", label: "Name"),
            FormField(name: "consent", label: "Ich stimme zu.", type: "checkbox", value: "yes"),
        ])
    }

    private func checkbox(_ view: FormView) throws -> [String: Any] {
        let fields = try #require(view.templateValues["fields"] as? [[String: Any]])
        return try #require(fields.first { $0["name"] as? String == "consent" })
    }

    @Test func aCheckboxWithAValueIsNotTicked() throws {
        let box = try checkbox(consentForm())
        #expect(box["checked"] as? Bool == false)
        #expect(box["value"] as? String == "yes")
    }

    @Test func aTickedCheckboxStaysTickedAndAnUntickedOneUnticked() throws {
        var ticked = consentForm()
        ticked.keepValues(from: SubmittedForm(values: ["name": "Anna", "consent": "yes"]))
        #expect(try checkbox(ticked)["checked"] as? Bool == true)
        #expect(try checkbox(ticked)["value"] as? String == "yes")

        var unticked = consentForm()
        unticked.keepValues(from: SubmittedForm(values: ["name": "Anna"]))
        #expect(try checkbox(unticked)["checked"] as? Bool == false)
    }
}
