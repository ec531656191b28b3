import Foundation
import NIOCore
import Testing
import Vapor
@testable import IeumApp

/// Forms decode straight into the capabilities' input types (`req.formInput`), with the meaning a
/// browser gives a form: what is not sent is empty or off, a sent checkbox is on.
@Suite("Form input decoding")
struct FormInputDecodingTests {
    /// `body` decoded into `Input` as a POST with that body and content type would be.
    static func decode<Input: FormInput>(_ type: Input.Type, _ body: String, contentType: HTTPMediaType = .urlEncodedForm) async throws -> Input {
        let app = try await Application.make(.testing)
        var headers = HTTPHeaders()
        headers.contentType = contentType
        let request = Request(application: app, method: .POST, url: URI(path: "/"), headers: headers,
                              collectedBody: ByteBuffer(string: body), on: app.eventLoopGroup.any())
        do {
            let input = try request.formInput(type)
            try await app.asyncShutdown()
            return input
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    @Test("text, checkbox groups and checkboxes fill the input; fields not sent are empty, a checkbox not sent is off")
    func browserMeaning() async throws {
        let sent = try await Self.decode(RoundInput.self, "title=%EC%8B%AC%EC%82%AC&judgesPerEntry=5&blind=on&method=median")
        #expect(sent.title == "심사")
        #expect(sent.judgesPerEntry == "5")
        #expect(sent.blind)
        #expect(sent.method == "median")
        #expect(sent.opensAt == "", "a field not sent is empty, not the new-form default")
        #expect(sent.minLoad == "")

        let unchecked = try await Self.decode(RoundInput.self, "title=x")
        #expect(!unchecked.blind, "a checkbox not sent is off even where the new form starts it on")

        let emptyValue = try await Self.decode(RoundInput.self, "blind=")
        #expect(emptyValue.blind, "a sent checkbox is on whatever its value")

        let need = try await Self.decode(NeedInput.self, "title=a&fields[]=AI&fields[]=BIO&support[]=poc&anonymous=1")
        #expect(need.fields == ["AI", "BIO"])
        #expect(need.support == ["poc"])
        #expect(need.anonymous)
        #expect(need.startupsSought == "1", "a need form without the field asks for one startup")
        #expect(try await Self.decode(NeedInput.self, "title=a").fields == [])
        #expect(try await Self.decode(NeedInput.self, "startupsSought=3").startupsSought == "3")
    }

    @Test("a property no form may set stays empty whatever is sent")
    func notFromForms() async throws {
        let input = try await Self.decode(OrganizationInput.self, "name=%EC%9D%B4%EC%9D%8C&externalID=K-STARTUP-1&openToPartners=on")
        #expect(input.name == "이음")
        #expect(input.externalID == "", "the external id is set by an import only")
        #expect(input.openToPartners)
    }

    @Test("the same input from multipart and JSON bodies")
    func otherEncodings() async throws {
        let boundary = "ieumform"
        let multipart = "--\(boundary)\r\nContent-Disposition: form-data; name=\"solution\"\r\n\r\n센서 융합\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"budget\"\r\n\r\n5000\r\n--\(boundary)--\r\n"
        let fromMultipart = try await Self.decode(ProposalInput.self, multipart, contentType: HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary]))
        #expect(fromMultipart.solution == "센서 융합")
        #expect(fromMultipart.budget == "5000")
        #expect(fromMultipart.pocPlan == "")

        let fromJSON = try await Self.decode(ProposalInput.self, #"{"solution": "센서", "version": "3"}"#, contentType: .json)
        #expect(fromJSON.solution == "센서")
        #expect(fromJSON.version == "3")
        #expect(fromJSON.differentiation == "")
    }

    @Test("a value of the wrong shape is refused, not taken in part")
    func wrongShape() async throws {
        await #expect(throws: (any Error).self) {
            _ = try await Self.decode(ProposalInput.self, #"{"solution": {"nested": 1}}"#, contentType: .json)
        }
    }
}
