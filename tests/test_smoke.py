def test_world_builds(world):
    assert world.a.path.startswith(world.street.path)
