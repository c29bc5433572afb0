using System.Buffers.Binary;

namespace ThinPool.Engine.Metadata;

/// <summary>
/// A persistent copy-on-write B+tree (spec 5) with u64 keys and values of one value type.
/// Every modifying operation shadows the nodes it touches and returns the tree's new root,
/// which the caller must store. Inserts split top-down pre-emptively and removals rebalance
/// top-down, as the kernel does, so a node on the path never overflows or underflows.
/// One instance serves every tree of the same value type; operations on one instance do not
/// nest.
/// </summary>
internal sealed partial class BTree
{
    private readonly TransactionManager _tm;
    private readonly IValueType _vt;
    private readonly Action<byte[]> _incChildren;
    private readonly byte[] _keyScratch = new byte[8 * 3 * 340];
    private readonly byte[] _valueScratch = new byte[3 * MetadataFormat.BlockSize];

    public BTree(TransactionManager tm, IValueType valueType)
    {
        _tm = tm;
        _vt = valueType;
        _incChildren = data => IncChildren(new Node(data));
    }

    public IValueType ValueType => _vt;

    private ISpaceMap MetadataCounts => _tm.MetadataSpaceMap;

    /// <summary>Allocates an empty leaf: the root of a new, empty tree.</summary>
    public ulong CreateEmpty()
    {
        (ulong location, byte[] data) = _tm.NewBlock(MetadataBlockKind.Node);
        new Node(data).Initialise(leaf: true, _vt.Size);
        return location;
    }

    public Node ReadNode(ulong block) => new(_tm.Read(block, MetadataBlockKind.Node));

    /// <summary>Finds <paramref name="key"/>; on success the value is leaf.Value(index).</summary>
    public bool TryFind(ulong root, ulong key, out Node leaf, out int index)
    {
        ulong block = root;
        while (true)
        {
            Node n = ReadNode(block);
            int i = n.LowerBound(key);
            if (n.IsLeaf)
            {
                leaf = n;
                index = i;
                return i >= 0 && n.Key(i) == key;
            }

            if (i < 0)
            {
                leaf = n;
                index = -1;
                return false;
            }

            block = n.Value64(i);
        }
    }

    public bool TryLookup64(ulong root, ulong key, out ulong value)
    {
        if (TryFind(root, key, out Node leaf, out int index))
        {
            value = leaf.Value64(index);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>
    /// Shadows the path from the root to the leaf holding <paramref name="key"/>, changing no
    /// entry counts, so the caller can rewrite that value in place. The key must exist.
    /// </summary>
    public ulong ShadowPathTo(ulong root, ulong key, out Node leaf, out int index)
    {
        var s = default(Spine);
        int parentIndex = -1;
        ulong block = root;
        while (true)
        {
            Step(ref s, block);
            if (s.Depth > 1)
            {
                s.Parent.SetValue64(parentIndex, s.CurrentLocation);
            }

            Node n = s.Current;
            int i = n.LowerBound(key);
            if (n.IsLeaf || i < 0)
            {
                leaf = n;
                index = n.IsLeaf && i >= 0 && n.Key(i) == key ? i : -1;
                return s.Root;
            }

            parentIndex = i;
            block = n.Value64(i);
        }
    }

    /// <summary>Inserts or overwrites <paramref name="key"/>. A new value is stored without an
    /// inc (the caller owns its reference); an overwritten, different value is dec'd.</summary>
    public ulong Insert(ulong root, ulong key, ReadOnlySpan<byte> value, out bool inserted)
    {
        var s = default(Spine);
        int index = InsertRaw(ref s, root, key);
        Node n = s.Current;
        if (index >= n.Count || n.Key(index) != key)
        {
            n.InsertAt(index, key, value);
            inserted = true;
        }
        else
        {
            Span<byte> old = stackalloc byte[_vt.Size];
            n.Value(index).CopyTo(old);
            value.CopyTo(n.Value(index));
            if (_vt.CountsReferences && !_vt.Equal(old, value))
            {
                _vt.Dec(old);
            }

            inserted = false;
        }

        return s.Root;
    }

    public ulong Insert64(ulong root, ulong key, ulong value, out bool inserted)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return Insert(root, key, bytes, out inserted);
    }

    /// <summary>Removes <paramref name="key"/> (dec'ing its value). When the key is absent
    /// the path may still have been shadowed; the returned root is valid either way.</summary>
    public ulong Remove(ulong root, ulong key, out bool removed)
    {
        var s = default(Spine);
        int index = RemoveRaw(ref s, root, key);
        removed = index >= 0;
        if (removed)
        {
            Node n = s.Current;
            Span<byte> old = stackalloc byte[_vt.Size];
            n.Value(index).CopyTo(old);
            n.DeleteAt(index);
            if (_vt.CountsReferences)
            {
                _vt.Dec(old);
            }
        }

        return s.Root;
    }

    /// <summary>
    /// Drops one reference to a whole tree (spec 5.7). Nodes still shared are only
    /// decremented; exclusively owned nodes are freed after their values are dec'd. With
    /// <paramref name="levels"/> = 2, leaf values of the upper level are roots of lower trees.
    /// </summary>
    public void DeleteTree(ulong root, int levels = 1)
    {
        var stack = new Stack<(ulong Block, Node Node, int Level, int Next)>();
        Push(stack, root, 0);
        while (stack.Count > 0)
        {
            (ulong block, Node n, int level, int next) = stack.Pop();
            if (next >= n.Count)
            {
                _tm.Dec(block);
                continue;
            }

            if (!n.IsLeaf)
            {
                stack.Push((block, n, level, next + 1));
                Push(stack, n.Value64(next), level);
            }
            else if (level < levels - 1)
            {
                stack.Push((block, n, level, next + 1));
                Push(stack, n.Value64(next), level + 1);
            }
            else
            {
                if (_vt.CountsReferences)
                {
                    for (int i = 0; i < n.Count; i++)
                    {
                        _vt.Dec(n.Value(i));
                    }
                }

                _tm.Dec(block);
            }
        }
    }

    /// <summary>Every (key, leaf node, index) of a one-level tree in key order.</summary>
    public IEnumerable<(ulong Key, Node Leaf, int Index)> Walk(ulong root)
    {
        var stack = new Stack<(Node Node, int Next)>();
        stack.Push((ReadNode(root), 0));
        while (stack.Count > 0)
        {
            (Node n, int next) = stack.Pop();
            if (next >= n.Count)
            {
                continue;
            }

            if (n.IsLeaf)
            {
                for (int i = 0; i < n.Count; i++)
                {
                    yield return (n.Key(i), n, i);
                }

                continue;
            }

            stack.Push((n, next + 1));
            stack.Push((ReadNode(n.Value64(next)), 0));
        }
    }

    private void Push(Stack<(ulong, Node, int, int)> stack, ulong block, int level)
    {
        if (MetadataCounts.CountIsMoreThanOne(block))
        {
            _tm.Dec(block);
            return;
        }

        stack.Push((block, ReadNode(block), level, 0));
    }

    private void IncChildren(Node n)
    {
        int count = n.Count;
        if (!n.IsLeaf)
        {
            for (int i = 0; i < count; i++)
            {
                _tm.Inc(n.Value64(i));
            }
        }
        else if (_vt.CountsReferences)
        {
            for (int i = 0; i < count; i++)
            {
                _vt.Inc(n.Value(i));
            }
        }
    }

    private void Step(ref Spine s, ulong block)
    {
        (ulong location, byte[] data) = _tm.Shadow(block, MetadataBlockKind.Node, _incChildren, out _);
        if (s.Depth == 0)
        {
            s.Root = location;
        }
        else
        {
            s.ParentLocation = s.CurrentLocation;
            s.Parent = s.Current;
        }

        s.CurrentLocation = location;
        s.Current = new Node(data);
        s.Depth++;
    }

    private (ulong Location, Node Node) ShadowChild(Node parent, int index)
    {
        (ulong location, byte[] data) =
            _tm.Shadow(parent.Value64(index), MetadataBlockKind.Node, _incChildren, out _);
        parent.SetValue64(index, location);
        return (location, new Node(data));
    }

    private (ulong Location, Node Node) NewNodeLike(Node model)
    {
        (ulong location, byte[] data) = _tm.NewBlock(MetadataBlockKind.Node);
        var n = new Node(data)
        {
            Flags = model.Flags,
            MaxEntries = model.MaxEntries,
            ValueSize = model.ValueSize,
            Count = 0,
        };
        return (location, n);
    }

    /// <summary>Gathers the entries of up to three nodes, then deals them out again in key
    /// order with the given counts.</summary>
    private void Redistribute(Node a, Node b, Node c, int countA, int countB, int countC)
    {
        int vs = a.ValueSize;
        int total = 0;
        Gather(a, vs, ref total);
        Gather(b, vs, ref total);
        if (c.Buffer is not null)
        {
            Gather(c, vs, ref total);
        }

        int position = 0;
        Scatter(a, vs, countA, ref position);
        Scatter(b, vs, countB, ref position);
        if (c.Buffer is not null)
        {
            Scatter(c, vs, countC, ref position);
        }
    }

    private void Gather(Node n, int vs, ref int total)
    {
        int count = n.Count;
        n.Buffer.AsSpan(MetadataFormat.NodeHeaderSize, 8 * count).CopyTo(_keyScratch.AsSpan(8 * total));
        n.Buffer.AsSpan(n.ValueOffset(0), vs * count).CopyTo(_valueScratch.AsSpan(vs * total));
        total += count;
    }

    private void Scatter(Node n, int vs, int count, ref int position)
    {
        _keyScratch.AsSpan(8 * position, 8 * count).CopyTo(n.Buffer.AsSpan(MetadataFormat.NodeHeaderSize));
        _valueScratch.AsSpan(vs * position, vs * count).CopyTo(n.Buffer.AsSpan(n.ValueOffset(0)));
        n.Count = count;
        position += count;
    }

    private void Redistribute2(Node left, Node right)
    {
        int total = left.Count + right.Count;
        Redistribute(left, right, default, total / 2, total - total / 2, 0);
    }

    /// <summary>The nodes on the path: the last two shadowed, and the first (the new root).</summary>
    private struct Spine
    {
        public int Depth;
        public ulong Root;
        public ulong ParentLocation;
        public Node Parent;
        public ulong CurrentLocation;
        public Node Current;
    }
}
