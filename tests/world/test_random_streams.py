from sim.world.random_streams import RandomStreams, replication_seeds


def test_same_seed_same_numbers():
    a, b = RandomStreams(5).get("buyers"), RandomStreams(5).get("buyers")
    assert a.random(10).tolist() == b.random(10).tolist()


def test_streams_are_independent_of_each_other_and_of_creation_order():
    s1 = RandomStreams(5)
    x = s1.get("buyers").random(5).tolist()
    s2 = RandomStreams(5)
    s2.get("a_new_stream").random(100)  # another stream used first must not shift "buyers"
    assert s2.get("buyers").random(5).tolist() == x
    assert s1.get("orders").random(5).tolist() != x


def test_other_seed_other_numbers():
    assert (
        RandomStreams(1).get("x").random(3).tolist() != RandomStreams(2).get("x").random(3).tolist()
    )


def test_replication_seeds_extend_without_changing_earlier_ones():
    assert replication_seeds(9, 5) == replication_seeds(9, 8)[:5]
    assert len(set(replication_seeds(9, 50))) == 50
