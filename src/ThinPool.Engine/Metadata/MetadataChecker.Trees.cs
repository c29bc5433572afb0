using System.Buffers.Binary;

namespace ThinPool.Engine.Metadata;

// B-tree walking (spec 5.8 and 8): every node is validated and counted once per pointer,
// but descended into only once, so shared subtrees cost nothing extra and cycles end.
public sealed partial class MetadataChecker
{
    // Top level plus bottom tree together stay far below this; it only stops a crafted
    // image from recursing without end.
    private const int MaxDepth = 48;

    private readonly Dictionary<ulong, NodeMemo> _nodes = new();
    private readonly byte[][] _buffers = new byte[MaxDepth + 2][];

    // Distinct bottom-tree leaves, in walk order; their entries are the data references.
    private readonly List<ulong> _dataLeaves = new();

    private delegate void LeafEntryHandler(ulong key, ReadOnlySpan<byte> value);

    private enum TreeKind
    {
        MetadataRefCount,
        DataIndex,
        DataRefCount,
        Details,
        TopLevel,
        Bottom,
    }

    /// <summary>What the walk learned about a node: kept so a second pointer needs no reread.</summary>
    private struct NodeMemo
    {
        public TreeKind Kind;
        public bool Done;
        public bool Valid;
        public ulong Entries;
        public int Height;
    }

    private static int LeafValueSize(TreeKind kind) => kind switch
    {
        TreeKind.MetadataRefCount or TreeKind.DataRefCount => 4,
        TreeKind.DataIndex => 16,
        TreeKind.Details => 24,
        _ => 8,
    };

    private static string Describe(TreeKind kind) => kind switch
    {
        TreeKind.MetadataRefCount => "metadata ref-count tree",
        TreeKind.DataIndex => "data space map index tree",
        TreeKind.DataRefCount => "data ref-count tree",
        TreeKind.Details => "device details tree",
        TreeKind.TopLevel => "top-level mapping tree",
        _ => "bottom mapping tree",
    };

    private byte[] Buffer(int depth) => _buffers[depth] ??= new byte[BlockSize];

    /// <summary>Walks the details and mapping trees of one superblock (live or held copy).</summary>
    private TreeSet WalkTreeSet(Superblock sb, string label)
    {
        var set = new TreeSet();
        var details = new SortedDictionary<ulong, Details>();
        if (VisitRoot(sb.DetailsRoot, TreeKind.Details))
        {
            EnumerateLeaves(sb.DetailsRoot, TreeKind.Details, 0,
                (key, value) => details[key] = Details.Parse(value));
        }

        if (VisitRoot(sb.MappingRoot, TreeKind.TopLevel))
        {
            EnumerateLeaves(sb.MappingRoot, TreeKind.TopLevel, 0,
                (key, value) => set.Devices[key] = BinaryPrimitives.ReadUInt64LittleEndian(value));
        }

        foreach (var (id, root) in set.Devices)
        {
            bool walked = _nodes.TryGetValue(root, out var memo) && memo.Valid
                && memo.Kind == TreeKind.Bottom;
            if (walked)
            {
                set.MappingCount += memo.Entries;
            }

            if (!details.TryGetValue(id, out var d))
            {
                Add(root, CheckSeverity.Fatal, $"{label}: device {id} has a mapping tree but no details");
            }
            else if (walked && d.MappedBlocks != memo.Entries)
            {
                Add(root, CheckSeverity.Fatal, $"{label}: device {id} details say {d.MappedBlocks} "
                    + $"mapped blocks, its mapping tree holds {memo.Entries}");
            }
        }

        foreach (var id in details.Keys.Where(id => !set.Devices.ContainsKey(id)))
        {
            Add(sb.DetailsRoot, CheckSeverity.Fatal, $"{label}: device {id} has details but no mapping tree");
        }

        return set;
    }

    private bool VisitRoot(ulong root, TreeKind kind) =>
        VisitNode(root, kind, 0, 0, null, isRoot: true) is not null;

    /// <summary>
    /// Counts one pointer to <paramref name="block"/> and, on the first visit, validates the node
    /// and everything below it. Returns the memo, or null when the subtree cannot be trusted.
    /// </summary>
    private NodeMemo? VisitNode(ulong block, TreeKind kind, int depth, ulong lowKey,
        ulong? highKey, bool isRoot)
    {
        string what = Describe(kind);
        if (!CountReference(block, what + " node"))
        {
            return null;
        }

        if (_nodes.TryGetValue(block, out var seen))
        {
            if (!seen.Done)
            {
                Add(block, CheckSeverity.Fatal, $"{what} node is its own ancestor (cycle)");
                return null;
            }

            if (seen.Kind != kind)
            {
                Add(block, CheckSeverity.Fatal, $"node is used both in the {Describe(seen.Kind)} "
                    + $"and in the {what}");
                return null;
            }

            return seen.Valid ? seen : null;
        }

        if (depth > MaxDepth)
        {
            Add(block, CheckSeverity.Fatal, $"{what} is deeper than {MaxDepth} levels");
            return null;
        }

        _nodes[block] = new NodeMemo { Kind = kind };
        var buffer = Buffer(depth);
        var memo = new NodeMemo { Kind = kind, Done = true };
        if (TryReadBlock(block, NodeCsumXor, what + " node", buffer)
            && CheckNodeShape(block, kind, buffer, isRoot, lowKey, highKey, out var header))
        {
            memo.Valid = true;
            memo.Entries = header.IsLeaf
                ? VisitLeaf(block, kind, depth, header, buffer)
                : VisitChildren(block, kind, depth, header, buffer, highKey, ref memo.Height);
        }

        _nodes[block] = memo;
        return memo.Valid ? memo : null;
    }

    private ulong VisitChildren(ulong block, TreeKind kind, int depth, NodeHeader header,
        byte[] buffer, ulong? highKey, ref int height)
    {
        ulong entries = 0;
        int childHeight = -1;
        for (int i = 0; i < header.NrEntries; i++)
        {
            ulong low = NodeHeader.Key(buffer, i);
            ulong? high = i + 1 < header.NrEntries ? NodeHeader.Key(buffer, i + 1) : highKey;
            ulong child = BinaryPrimitives.ReadUInt64LittleEndian(header.Value(buffer, i));
            var memo = VisitNode(child, kind, depth + 1, low, high, isRoot: false);
            if (memo is not { } m)
            {
                continue;
            }

            entries += m.Entries;
            if (childHeight >= 0 && m.Height != childHeight)
            {
                Add(block, CheckSeverity.Fatal, $"{Describe(kind)} node has children of different "
                    + $"depths ({childHeight} and {m.Height})");
            }

            childHeight = Math.Max(childHeight, m.Height);
        }

        height = childHeight + 1;
        return entries;
    }

    private ulong VisitLeaf(ulong block, TreeKind kind, int depth, NodeHeader header, byte[] buffer)
    {
        if (kind == TreeKind.Bottom)
        {
            _dataLeaves.Add(block);
        }
        else if (kind == TreeKind.TopLevel)
        {
            for (int i = 0; i < header.NrEntries; i++)
            {
                ulong root = BinaryPrimitives.ReadUInt64LittleEndian(header.Value(buffer, i));
                VisitNode(root, TreeKind.Bottom, depth + 1, 0, null, isRoot: true);
            }
        }

        return header.NrEntries;
    }

    /// <summary>Spec 5.8 rules for one node; false when its contents cannot be interpreted.</summary>
    private bool CheckNodeShape(ulong block, TreeKind kind, ReadOnlySpan<byte> node, bool isRoot,
        ulong lowKey, ulong? highKey, out NodeHeader header)
    {
        string what = Describe(kind) + " node";
        header = NodeHeader.Parse(node);
        if (header.Flags is not (NodeHeader.Internal or NodeHeader.Leaf))
        {
            Add(block, CheckSeverity.Fatal, $"{what} has flags {header.Flags} (neither internal nor leaf)");
            return false;
        }

        uint expected = header.IsLeaf ? (uint)LeafValueSize(kind) : 8;
        if (header.ValueSize != expected)
        {
            Add(block, CheckSeverity.Fatal, $"{what} has value_size {header.ValueSize}, expected {expected}");
            return false;
        }

        long bytes = NodeHeader.Size + (long)header.MaxEntries * (8 + header.ValueSize);
        if (header.MaxEntries == 0 || header.MaxEntries % 3 != 0 || bytes > BlockSize)
        {
            Add(block, CheckSeverity.Fatal, $"{what} has max_entries {header.MaxEntries} "
                + "(must be a non-zero multiple of 3 that fits the block)");
            return false;
        }

        if (header.NrEntries > header.MaxEntries)
        {
            Add(block, CheckSeverity.Fatal, $"{what} has {header.NrEntries} entries, more than "
                + $"max_entries {header.MaxEntries}");
            return false;
        }

        if (!isRoot && header.NrEntries < header.MaxEntries / 3)
        {
            Add(block, CheckSeverity.Fatal, $"{what} has {header.NrEntries} entries, under a third "
                + $"of max_entries {header.MaxEntries}");
        }
        else if (isRoot && !header.IsLeaf && header.NrEntries == 0)
        {
            Add(block, CheckSeverity.Fatal, $"{what} is an internal root with no entries");
        }

        CheckKeys(block, what, node, (int)header.NrEntries, lowKey, highKey);
        return true;
    }

    private void CheckKeys(ulong block, string what, ReadOnlySpan<byte> node, int count,
        ulong lowKey, ulong? highKey)
    {
        if (count == 0)
        {
            return;
        }

        ulong first = NodeHeader.Key(node, 0);
        if (first < lowKey)
        {
            Add(block, CheckSeverity.Fatal, $"{what} first key {first} is below its parent's key {lowKey}");
        }

        ulong previous = first;
        for (int i = 1; i < count; i++)
        {
            ulong key = NodeHeader.Key(node, i);
            if (key <= previous)
            {
                Add(block, CheckSeverity.Fatal, $"{what} keys not ascending at entry {i} "
                    + $"({previous} then {key})");
                return;
            }

            previous = key;
        }

        if (highKey is { } high && previous >= high)
        {
            Add(block, CheckSeverity.Fatal, $"{what} last key {previous} is not below the next "
                + $"parent key {high}");
        }
    }

    /// <summary>
    /// Calls <paramref name="handler"/> for every leaf entry of a tree already walked by
    /// <see cref="VisitNode"/>, in key order, skipping nodes the walk found untrustworthy and
    /// nodes already enumerated (a node reached twice in one tree is corrupt, and following it
    /// again could multiply the work without end).
    /// </summary>
    private void EnumerateLeaves(ulong block, TreeKind kind, int depth, LeafEntryHandler handler,
        HashSet<ulong>? seen = null)
    {
        seen ??= new HashSet<ulong>();
        if (depth > MaxDepth || !_nodes.TryGetValue(block, out var memo) || !memo.Valid
            || memo.Kind != kind || !seen.Add(block))
        {
            return;
        }

        var buffer = Buffer(depth);
        _device.Read((long)block * BlockSize, buffer);
        var header = NodeHeader.Parse(buffer);
        for (int i = 0; i < header.NrEntries; i++)
        {
            var value = header.Value(buffer, i);
            if (header.IsLeaf)
            {
                handler(NodeHeader.Key(buffer, i), value);
            }
            else
            {
                ulong child = BinaryPrimitives.ReadUInt64LittleEndian(value);
                EnumerateLeaves(child, kind, depth + 1, handler, seen);
            }
        }
    }
}
