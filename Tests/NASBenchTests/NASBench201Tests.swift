import Foundation
import Testing
@testable import NASBench

@Suite struct NASBench201Tests {
    let space = NASBench201Space()

    @Test func parseFormatRoundTripsAllStrings() throws {
        let all = NASBench201Space.allCellStrings()
        #expect(all.count == 15_625)
        #expect(Set(all).count == 15_625)
        for text in all {
            #expect(NASBench201Space.format(try NASBench201Space.parse(text)) == text)
        }
    }

    @Test func malformedStringsGiveClearErrors() {
        let bad = [
            "", "|nor_conv_3x3~0|", "|nor_conv_3x3~0|+|nor_conv_3x3~0|+|a~0|b~1|c~2|",
            "|nor_conv_3x3~1|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
            "|conv~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
            "nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
            "|nor_conv_3x3|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
        ]
        for text in bad {
            #expect(throws: NotationError.self) { try NASBench201Space.parse(text) }
        }
        do { _ = try NASBench201Space.parse("|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|") } catch {
            #expect("\(error)".contains("unknown operation 'conv'"))
        }
    }

    @Test func conversionFollowsMethod() throws {
        // All convolutions: 8 nodes, the full edge-node structure.
        let full = try #require(try space.graph(ofCellString: "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|"))
        #expect(full.nodeCount == 8)
        #expect(full.adjacencyRows == [
            [0, 1, 1, 0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 1, 0, 0], [0, 0, 0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0, 1, 0],
            [0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0]])
        #expect(full.labels == [-1, 1, 1, 1, 1, 1, 1, -2])
        // Only a skip from 0 to 3: input straight to output.
        let skip = try #require(try space.graph(ofCellString: "|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|"))
        #expect(skip.nodeCount == 2 && skip.hasEdge(0, 1))
        let noskip = NASBench201Space(skipSubstitution: false)
        let kept = try #require(try noskip.graph(ofCellString: "|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|"))
        #expect(kept.labels == [-1, 3, -2])
        // Output cut off.
        #expect(try space.graph(ofCellString: "|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|none~0|none~1|none~2|") == nil)
        // A dead branch is pruned: edge 0→1 only feeds 1→2, 1→3 which are none.
        let pruned = try #require(try space.graph(ofCellString: "|avg_pool_3x3~0|+|none~0|none~1|+|nor_conv_1x1~0|none~1|none~2|"))
        #expect(pruned.labels == [-1, 0, -2])
        for cell in [full, skip, kept, pruned] { #expect(space.invalidity(of: cell) == nil || cell == kept) }
        #expect(noskip.invalidity(of: kept) == nil)
    }

    @Test func graphToOfficialStringsContainsOriginal() throws {
        for s in [space, NASBench201Space(skipSubstitution: false)] {
            var mapped = 0
            for text in NASBench201Space.allCellStrings() {
                guard let cell = try s.graph(ofCellString: text) else {
                    #expect(s.table.unmappable.contains(text))
                    continue
                }
                mapped += 1
                if s.skipSubstitution && mapped % 50 == 0 {  // the inverse via hashing on a sample; the table on all
                    var rng = SplitMix64(seed: UInt64(mapped))
                    #expect(s.officialStrings(for: randomTopologicalRelabel(cell, using: &rng)).contains(text))
                }
                #expect(s.table.stringsByHash[s.table.hashByString[text]!]!.contains(text))
            }
            #expect(mapped + s.table.unmappable.count == 15_625)
            print("nb201 (\(s.name)): \(mapped) strings with a graph, \(s.table.unmappable.count) cut off, \(s.table.stringsByHash.count) distinct graphs")
        }
    }

    @Test func notationRoundTrip() throws {
        let text = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|"
        let cell = try #require(try space.graph(ofCellString: text))
        let notation = space.notation(of: cell)
        #expect(notation.ops.first == "input" && notation.ops.last == "output")
        #expect(notation.archStrings?.contains(text) == true)
        let data = try JSONEncoder().encode(notation)
        #expect(String(decoding: data, as: UTF8.self).contains("arch_strings"))
        let decoded = try JSONDecoder().decode(CellNotation.self, from: data)
        #expect(try space.cell(from: decoded) == cell)
        #expect(try space.cell(from: CellNotation(matrix: [], ops: [], archStrings: [text])) == cell)
        #expect(throws: NotationError.self) { try space.cell(from: CellNotation(matrix: [[0, 1], [0, 0]], ops: ["input", "conv3x3-bn-relu"])) }
    }

    @Test func translationBetweenSpaces() throws {
        let nb101 = NASBench101Space()
        let cell = NASBench101HashTests.inception
        let to201 = try #require(translate(cell, from: nb101, to: space))
        #expect(to201.labels.map { space.labelName($0) } == ["input", "nor_conv_3x3", "nor_conv_1x1", "nor_conv_3x3", "nor_conv_3x3", "avg_pool_3x3", "output"])
        #expect(translate(to201, from: space, to: nb101) == cell)
        let noskip = NASBench201Space(skipSubstitution: false)
        let withSkip = Cell(adjacency: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], labels: [-1, 3, -2])
        #expect(translate(withSkip, from: noskip, to: nb101) == nil)
    }
}
