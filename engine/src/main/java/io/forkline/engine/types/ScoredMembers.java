package io.forkline.engine.types;

import java.util.Arrays;

/**
 * A command's on-heap scratch list of (member, score) pairs: what ZUNION, ZINTER, ZDIFF and ZRANGESTORE compute
 * before they reply or store. Lives for one command; the store holds no Java object per element.
 */
final class ScoredMembers {

    private byte[][] members = new byte[8][];
    private double[] scores = new double[8];
    private int size;
    private int longestMember;

    void add(byte[] member, double score) {
        if (size == members.length) {
            members = Arrays.copyOf(members, size * 2);
            scores = Arrays.copyOf(scores, size * 2);
        }
        members[size] = member;
        scores[size] = score;
        size++;
        longestMember = Math.max(longestMember, member.length);
    }

    int size() {
        return size;
    }

    byte[] member(int index) {
        return members[index];
    }

    double score(int index) {
        return scores[index];
    }

    void setScore(int index, double score) {
        scores[index] = score;
    }

    /** The longest member's length: with {@link #size} what decides the encoding of a stored result. */
    int longestMember() {
        return longestMember;
    }

    /** Sorts by score, then by member bytes (unsigned, shorter first): a sorted set's order. */
    void sort() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int byScore = Double.compare(scores[a] == 0.0 ? 0.0 : scores[a], scores[b] == 0.0 ? 0.0 : scores[b]);
            return byScore != 0 ? byScore : Arrays.compareUnsigned(members[a], members[b]);
        });
        byte[][] sortedMembers = new byte[size][];
        double[] sortedScores = new double[size];
        for (int i = 0; i < size; i++) {
            sortedMembers[i] = members[order[i]];
            sortedScores[i] = scores[order[i]];
        }
        members = sortedMembers;
        scores = sortedScores;
    }
}
