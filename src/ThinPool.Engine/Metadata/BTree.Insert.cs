using System.Buffers.Binary;

namespace ThinPool.Engine.Metadata;

/// <summary>Insertion with pre-emptive splitting (spec 5.4).</summary>
internal sealed partial class BTree
{
    private const int RebalanceFreeThreshold = 8;

    private static bool HasSpace(Node n, ulong key)
    {
        if (n.Count < n.MaxEntries)
        {
            return true;
        }

        return n.IsLeaf && n.IndexOf(key) >= 0;
    }

    private int InsertRaw(ref Spine s, ulong root, ulong key)
    {
        bool top = true;
        int i = -1;
        ulong block = root;
        Node node;
        while (true)
        {
            Step(ref s, block);
            if (s.Depth > 1 && i >= 0)
            {
                s.Parent.SetValue64(i, s.CurrentLocation);
            }

            node = s.Current;
            if (!HasSpace(node, key))
            {
                if (top)
                {
                    SplitBeneath(ref s);
                }
                else
                {
                    RebalanceOrSplit(ref s, i, key);
                }

                node = s.Current;
            }

            i = node.LowerBound(key);
            if (node.IsLeaf)
            {
                break;
            }

            if (i < 0)
            {
                // The new key is below every key: lower key 0 so it stays a lower bound.
                node.SetKey(0, key);
                i = 0;
            }

            block = node.Value64(i);
            top = false;
        }

        if (i < 0 || node.Key(i) != key)
        {
            i++;
        }

        return i;
    }

    /// <summary>Splits a full root into two children; the root keeps its block.</summary>
    private void SplitBeneath(ref Spine s)
    {
        Node parent = s.Current;
        int count = parent.Count;
        int leftCount = count / 2;
        (ulong leftLocation, Node left) = NewNodeLike(parent);
        (ulong rightLocation, Node right) = NewNodeLike(parent);
        left.CopyEntries(0, parent, 0, leftCount);
        left.Count = leftCount;
        right.CopyEntries(0, parent, leftCount, count - leftCount);
        right.Count = count - leftCount;

        parent.Flags = MetadataFormat.InternalNodeFlag;
        parent.MaxEntries = MetadataFormat.MaxEntries(8);
        parent.ValueSize = 8;
        parent.Count = 2;
        parent.SetKey(0, left.Key(0));
        parent.SetValue64(0, leftLocation);
        parent.SetKey(1, right.Key(0));
        parent.SetValue64(1, rightLocation);
    }

    private void RebalanceOrSplit(ref Spine s, int parentIndex, ulong key)
    {
        Node parent = s.Parent;
        int parentCount = parent.Count;
        bool leftShared = false;
        bool rightShared = false;
        if (parentIndex > 0)
        {
            ulong leftBlock = parent.Value64(parentIndex - 1);
            leftShared = MetadataCounts.CountIsMoreThanOne(leftBlock);
            if (!leftShared && FreeSlots(leftBlock) >= RebalanceFreeThreshold)
            {
                (ulong location, Node left) = ShadowChild(parent, parentIndex - 1);
                Node right = s.Current;
                Redistribute2(left, right);
                parent.SetKey(parentIndex, right.Key(0));
                if (key < right.Key(0))
                {
                    s.Current = left;
                    s.CurrentLocation = location;
                }

                return;
            }
        }

        if (parentIndex < parentCount - 1)
        {
            ulong rightBlock = parent.Value64(parentIndex + 1);
            rightShared = MetadataCounts.CountIsMoreThanOne(rightBlock);
            if (!rightShared && FreeSlots(rightBlock) >= RebalanceFreeThreshold)
            {
                (ulong location, Node right) = ShadowChild(parent, parentIndex + 1);
                Node left = s.Current;
                Redistribute2(left, right);
                parent.SetKey(parentIndex + 1, right.Key(0));
                if (key >= right.Key(0))
                {
                    s.Current = right;
                    s.CurrentLocation = location;
                }

                return;
            }
        }

        // Sequential inserts fill the first or last child; splitting it in two suits them.
        if (leftShared || rightShared || parentCount <= 2 || parentIndex == 0
            || parentIndex + 1 == parentCount)
        {
            SplitOneIntoTwo(ref s, parentIndex, key);
        }
        else
        {
            SplitTwoIntoThree(ref s, parentIndex, key);
        }
    }

    private int FreeSlots(ulong block)
    {
        Node n = ReadNode(block);
        return n.MaxEntries - n.Count;
    }

    private void SplitOneIntoTwo(ref Spine s, int parentIndex, ulong key)
    {
        Node left = s.Current;
        (ulong rightLocation, Node right) = NewNodeLike(left);
        Redistribute2(left, right);
        Span<byte> pointer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(pointer, rightLocation);
        s.Parent.InsertAt(parentIndex + 1, right.Key(0), pointer);
        if (key >= right.Key(0))
        {
            s.Current = right;
            s.CurrentLocation = rightLocation;
        }
    }

    private void SplitTwoIntoThree(ref Spine s, int parentIndex, ulong key)
    {
        Node parent = s.Parent;
        int middleIndex;
        ulong leftLocation, rightLocation;
        Node left, right;
        if (parentIndex == 0)
        {
            middleIndex = 1;
            (leftLocation, left) = (s.CurrentLocation, s.Current);
            (rightLocation, right) = ShadowChild(parent, parentIndex + 1);
        }
        else
        {
            middleIndex = parentIndex;
            (rightLocation, right) = (s.CurrentLocation, s.Current);
            (leftLocation, left) = ShadowChild(parent, parentIndex - 1);
        }

        (ulong middleLocation, Node middle) = NewNodeLike(left);
        int total = left.Count + right.Count;
        int targetLeft = total / 3;
        int targetMiddle = (total - targetLeft) / 2;
        Redistribute(left, middle, right, targetLeft, targetMiddle, total - targetLeft - targetMiddle);

        parent.SetKey(middleIndex, right.Key(0));
        Span<byte> pointer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(pointer, middleLocation);
        parent.InsertAt(middleIndex, middle.Key(0), pointer);
        if (key < middle.Key(0))
        {
            (s.CurrentLocation, s.Current) = (leftLocation, left);
        }
        else if (key < right.Key(0))
        {
            (s.CurrentLocation, s.Current) = (middleLocation, middle);
        }
        else
        {
            (s.CurrentLocation, s.Current) = (rightLocation, right);
        }
    }
}
