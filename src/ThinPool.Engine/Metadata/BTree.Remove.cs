namespace ThinPool.Engine.Metadata;

/// <summary>
/// Removal with top-down rebalancing (spec 5.5): before descending into a child, the child and
/// a neighbour are merged or evened out so that deleting one entry cannot leave a non-root
/// node with fewer than max_entries / 3 entries.
/// </summary>
internal sealed partial class BTree
{
    private int RemoveRaw(ref Spine s, ulong root, ulong key)
    {
        int i = -1;
        ulong block = root;
        while (true)
        {
            Step(ref s, block);
            if (s.Depth > 1)
            {
                s.Parent.SetValue64(i, s.CurrentLocation);
            }

            Node n = s.Current;
            if (n.IsLeaf)
            {
                return n.IndexOf(key);
            }

            if (!RebalanceChildren(n, key))
            {
                return -1;
            }

            if (n.IsLeaf)
            {
                return n.IndexOf(key);
            }

            i = n.LowerBound(key);
            if (i < 0)
            {
                return -1;
            }

            block = n.Value64(i);
        }
    }

    /// <summary>Prepares the child of <paramref name="n"/> covering <paramref name="key"/>;
    /// false when no child covers it.</summary>
    private bool RebalanceChildren(Node n, ulong key)
    {
        while (n.Count == 1 && !n.IsLeaf)
        {
            CollapseRoot(n);
        }

        if (n.IsLeaf)
        {
            return true;
        }

        int i = n.LowerBound(key);
        if (i < 0)
        {
            return false;
        }

        if (i == 0)
        {
            Rebalance2(n, 0);
        }
        else if (i == n.Count - 1)
        {
            Rebalance2(n, i - 1);
        }
        else
        {
            Rebalance3(n, i - 1);
        }

        return true;
    }

    /// <summary>A root with one child takes over the child's content, keeping its block.</summary>
    private void CollapseRoot(Node n)
    {
        ulong childBlock = n.Value64(0);
        bool shared = MetadataCounts.CountIsMoreThanOne(childBlock);
        byte[] child = _tm.Read(childBlock, MetadataBlockKind.Node);

        // The copy adds a pointer to each of the child's children; if the child survives
        // elsewhere those pointers must be counted (the kernel's 2025 fix).
        if (shared)
        {
            IncChildren(new Node(child));
        }

        child.CopyTo(n.Buffer, 0);
        _tm.Dec(childBlock);
    }

    private void Rebalance2(Node parent, int leftIndex)
    {
        (_, Node left) = ShadowChild(parent, leftIndex);
        (ulong rightLocation, Node right) = ShadowChild(parent, leftIndex + 1);
        Rebalance2Core(parent, leftIndex, left, right, rightLocation);
    }

    private void Rebalance2Core(Node parent, int leftIndex, Node left, Node right, ulong rightLocation)
    {
        int total = left.Count + right.Count;
        int threshold = 2 * ((left.MaxEntries / 3) + 1);
        if (total < threshold)
        {
            // Merge: right's children are now referenced from left instead, so only right
            // itself loses a reference.
            left.CopyEntries(left.Count, right, 0, right.Count);
            left.Count = total;
            parent.DeleteAt(leftIndex + 1);
            _tm.Dec(rightLocation);
        }
        else
        {
            Redistribute2(left, right);
            parent.SetKey(leftIndex + 1, right.Key(0));
        }
    }

    private void Rebalance3(Node parent, int leftIndex)
    {
        (_, Node left) = ShadowChild(parent, leftIndex);
        (ulong centerLocation, Node center) = ShadowChild(parent, leftIndex + 1);
        (ulong rightLocation, Node right) = ShadowChild(parent, leftIndex + 2);
        int total = left.Count + center.Count + right.Count;
        int third = left.MaxEntries / 3;
        if (total < (4 * third) + 1)
        {
            // Delete the center: left takes what fits, right the rest, then even the pair.
            int toLeft = Math.Min(left.MaxEntries - left.Count, center.Count);
            int leftCount = left.Count + toLeft;
            Redistribute(left, center, right, leftCount, 0, total - leftCount);
            parent.SetKey(leftIndex + 2, right.Key(0));
            parent.DeleteAt(leftIndex + 1);
            _tm.Dec(centerLocation);
            Rebalance2Core(parent, leftIndex, left, right, rightLocation);
            return;
        }

        int targetRight = total / 3;
        int targetLeft = targetRight + (targetRight * 3 != total ? 1 : 0);
        Redistribute(left, center, right, targetLeft, total - targetLeft - targetRight, targetRight);
        parent.SetKey(leftIndex + 1, center.Key(0));
        parent.SetKey(leftIndex + 2, right.Key(0));
    }
}
