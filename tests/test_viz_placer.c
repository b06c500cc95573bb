/* The label placer on synthetic layouts, without SDL: labels go beside their markers when
 * there is room, the most important first; a crowded cluster gets every label placed with
 * no overlap, each beside its own marker or joined to it by a leader that crosses nothing;
 * compact forms and leaving out follow the label's need; leaders keep later labels off. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/viz.h"
#include "test_viz_fixture.h"

#define MAXL 64

/* A map with markers and labels, and the items a test checks. */
struct layout {
    struct eap_viz_placer p;
    struct eap_viz_label labels[MAXL];
    size_t n;
};

static struct layout *layout_new(int w, int h)
{
    struct layout *l = test_calloc(1, sizeof(*l));
    eap_viz_placer_init(&l->p, (struct eap_viz_rect){0, 0, w, h});
    return l;
}

/* A marker of radius r at (x, y) with a w x h label. */
static struct eap_viz_label *add(struct layout *l, float x, float y, float r, int w, int h,
                                 enum eap_viz_need need, int prio)
{
    assert_true(l->n < MAXL);
    eap_viz_placer_mark(&l->p, x, y, r);
    struct eap_viz_label *q = &l->labels[l->n++];
    *q = (struct eap_viz_label){.x = x, .y = y, .r = r, .w = w, .h = h, .prio = prio, .need = need};
    return q;
}

static int problems(struct layout *l, const char *where)
{
    struct eap_viz_map_items it = {l->p.clip, l->labels, l->n, l->p.marks, l->p.nmarks};
    return fixture_label_problems(&it, where);
}

static void test_a_label_with_room_goes_right_of_its_marker(void **state)
{
    (void)state;
    struct layout *l = layout_new(400, 300);
    struct eap_viz_label *q = add(l, 100, 100, 10, 80, 16, EAP_VIZ_FORCED, 0);
    eap_viz_place_labels(&l->p, l->labels, l->n);
    assert_true(q->shown);
    assert_false(q->leader || q->crowded || q->compact);
    /* Centred on the marker's height, 2 px clear of its edge. */
    assert_int_equal(q->box.x, 100 + 10 + 2);
    assert_int_equal(q->box.y, 100 - 8);
    assert_int_equal(problems(l, "alone"), 0);
    test_free(l);
}

static void test_the_more_important_label_gets_the_better_spot(void **state)
{
    (void)state;
    /* Two markers 60 px apart on a line: both want the spot between them. Whatever the order
     * given, the lower prio gets it (right of the left marker), the other goes elsewhere. */
    for (int first = 0; first < 2; first++) {
        struct layout *l = layout_new(400, 300);
        struct eap_viz_label *a, *b;
        if (first == 0) {
            a = add(l, 100, 150, 10, 40, 16, EAP_VIZ_FORCED, 1);
            b = add(l, 160, 150, 10, 40, 16, EAP_VIZ_FORCED, 0);
        } else {
            b = add(l, 160, 150, 10, 40, 16, EAP_VIZ_FORCED, 0);
            a = add(l, 100, 150, 10, 40, 16, EAP_VIZ_FORCED, 1);
        }
        eap_viz_place_labels(&l->p, l->labels, l->n);
        assert_int_equal(b->box.x, 160 + 12); /* b (prio 0): right of its marker */
        assert_true(a->shown && !(a->box.x == 112 && a->box.y == 142));
        assert_int_equal(problems(l, "pair"), 0);
        test_free(l);
    }
}

/* A convoy held at a town beside an embassy, as in the Tripoli inset at 05:27: the convoy's
 * disc over the town's, four aircraft on an orbit round it, the embassy and two more towns
 * close by, an aircraft in transit above, and labels of every size. */
static void test_a_crowded_cluster_gets_every_label_placed_apart(void **state)
{
    (void)state;
    struct layout *l = layout_new(516, 289);
    add(l, 401, 157, 13, 133, 32, EAP_VIZ_WANTED, 3); /* the embassy, evacuated */
    add(l, 377, 159, 13, 55, 19, EAP_VIZ_WANTED, 3);  /* the town under the convoy */
    add(l, 336, 169, 13, 51, 19, EAP_VIZ_WANTED, 3);  /* the next town west */
    add(l, 241, 139, 13, 54, 18, EAP_VIZ_WANTED, 3);  /* and the next */
    add(l, 165, 103, 13, 175, 19, EAP_VIZ_FORCED, 3); /* the border crossing */
    add(l, 115, 103, 13, 91, 18, EAP_VIZ_WANTED, 3);  /* the town past it */
    struct eap_viz_label *convoy = add(l, 377, 159, 18, 263, 76, EAP_VIZ_FORCED, 1);
    convoy->cw = 148;
    convoy->ch = 24;
    for (int k = 0; k < 4; k++) { /* the orbit: icons with no label of their own */
        eap_viz_placer_mark(&l->p, 377 + (k % 2 ? 22 : -22), 159 + (k / 2 ? 22 : -22), 10);
    }
    add(l, 369, 86, 12, 201, 37, EAP_VIZ_FORCED, 2);                    /* an aircraft in transit */
    eap_viz_placer_take(&l->p, (struct eap_viz_rect){8, 253, 108, 30}); /* the scale bar */
    eap_viz_place_labels(&l->p, l->labels, l->n);
    int leaders = 0;
    for (size_t i = 0; i < l->n; i++) {
        leaders += l->labels[i].shown && l->labels[i].leader;
    }
    assert_true(leaders >= 1); /* the town under the convoy has no free side */
    assert_true(convoy->shown && !convoy->crowded);
    assert_int_equal(problems(l, "cluster"), 0);
    test_free(l);
}

/* A small generator of layouts (tests only: a 64-bit LCG, fixed seeds). */
static uint32_t next_random(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(*s >> 33);
}

/* A city-sized cluster: eight markers at least 28 px apart within 160 x 100 px in the middle
 * of a 640 x 420 map, with labels 40 to 200 px wide and one to three 18 px lines (the first
 * line, the name, their compact form), of three priorities, every one forced. */
static struct layout *random_cluster(uint64_t seed)
{
    struct layout *l = layout_new(640, 420);
    uint64_t s = seed;
    for (int i = 0; i < 8; i++) {
        float x, y;
        bool apart;
        do {
            x = 240 + (float)(next_random(&s) % 160);
            y = 160 + (float)(next_random(&s) % 100);
            apart = true;
            for (size_t j = 0; j < l->n; j++) {
                apart = apart && hypotf(x - l->labels[j].x, y - l->labels[j].y) >= 28;
            }
        } while (!apart);
        int w = 40 + (int)(next_random(&s) % 161), h = 18 * (1 + (int)(next_random(&s) % 3));
        struct eap_viz_label *q =
            add(l, x, y, 11, w, h, EAP_VIZ_FORCED, (int)(next_random(&s) % 3));
        q->cw = h > 18 ? w * 2 / 3 : 0;
        q->ch = h > 18 ? 18 : 0;
    }
    return l;
}

static void test_random_clusters_get_every_label_placed_apart(void **state)
{
    (void)state;
    int leaders = 0;
    for (uint64_t seed = 1; seed <= 100; seed++) {
        struct layout *l = random_cluster(seed);
        eap_viz_place_labels(&l->p, l->labels, l->n);
        char where[32];
        snprintf(where, sizeof(where), "seed %llu", (unsigned long long)seed);
        assert_int_equal(problems(l, where), 0);
        for (size_t i = 0; i < l->n; i++) {
            leaders += l->labels[i].leader;
        }
        test_free(l);
    }
    assert_true(leaders > 20); /* crowded indeed: many labels had no room beside */
}

static void test_leaders_and_placed_labels_keep_later_ones_off(void **state)
{
    (void)state;
    struct layout *l = layout_new(600, 400);
    /* Walls round a marker on three sides and beside it on the fourth: its label must go
     * farther off, with a leader out through the gap above (the slits between the walls
     * below and beside it are narrower than the label). */
    eap_viz_placer_take(&l->p, (struct eap_viz_rect){150, 150, 100, 40}); /* right and left */
    eap_viz_placer_take(&l->p, (struct eap_viz_rect){50, 150, 100 - 15, 40});
    eap_viz_placer_take(&l->p, (struct eap_viz_rect){50, 202, 200, 60});  /* below */
    eap_viz_placer_take(&l->p, (struct eap_viz_rect){50, 100, 80, 50});   /* above, left part */
    eap_viz_placer_take(&l->p, (struct eap_viz_rect){150, 100, 100, 50}); /* above, right part */
    struct eap_viz_label *q = add(l, 140, 190, 10, 120, 20, EAP_VIZ_WANTED, 0);
    eap_viz_place_labels(&l->p, l->labels, l->n);
    assert_true(q->shown && q->leader && !q->crowded);
    assert_true(q->box.y + q->box.h <= 100); /* out through the gap, above the walls */
    assert_int_equal(problems(l, "walls"), 0);
    /* The leader is taken: a box across it is not free, one beside it is. */
    float mx = (q->x + q->lx) / 2, my = (q->y + q->ly) / 2;
    assert_false(eap_viz_placer_free(&l->p, (struct eap_viz_rect){(int)mx - 3, (int)my - 3, 6, 6}));
    assert_true(eap_viz_placer_try(&l->p, (struct eap_viz_rect){400, 300, 50, 20}));
    assert_false(eap_viz_placer_try(&l->p, (struct eap_viz_rect){410, 305, 50, 20}));
    test_free(l);
}

static void test_need_decides_what_gives_way(void **state)
{
    (void)state;
    /* A marker in a map too small for its label anywhere. */
    struct layout *l = layout_new(120, 60);
    struct eap_viz_label *ctx = add(l, 20, 30, 8, 100, 40, EAP_VIZ_CONTEXT, 0);
    eap_viz_place_labels(&l->p, l->labels, l->n);
    assert_false(ctx->shown); /* context: left out */
    test_free(l);

    l = layout_new(120, 60);
    struct eap_viz_label *wanted = add(l, 20, 30, 8, 100, 40, EAP_VIZ_WANTED, 0);
    wanted->cw = 70; /* its name alone */
    wanted->ch = 16;
    eap_viz_place_labels(&l->p, l->labels, l->n);
    assert_true(wanted->shown && wanted->compact && !wanted->crowded);
    assert_int_equal(wanted->box.w, 70);
    assert_int_equal(wanted->box.h, 16);
    assert_int_equal(problems(l, "compact"), 0);
    test_free(l);

    l = layout_new(120, 60);
    struct eap_viz_label *forced = add(l, 20, 30, 8, 100, 40, EAP_VIZ_FORCED, 0);
    struct eap_viz_label *gone = add(l, 90, 30, 8, 100, 40, EAP_VIZ_WANTED, 0);
    eap_viz_place_labels(&l->p, l->labels, l->n);
    assert_true(forced->shown && forced->crowded); /* shown, and said to be crowded */
    assert_false(gone->shown);
    test_free(l);
}

static void test_placement_depends_on_its_inputs_only(void **state)
{
    (void)state;
    struct layout *a = random_cluster(7), *b = random_cluster(7);
    eap_viz_place_labels(&a->p, a->labels, a->n);
    eap_viz_place_labels(&b->p, b->labels, b->n);
    assert_memory_equal(a->labels, b->labels, sizeof(a->labels));
    test_free(a);
    test_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_label_with_room_goes_right_of_its_marker),
        cmocka_unit_test(test_the_more_important_label_gets_the_better_spot),
        cmocka_unit_test(test_a_crowded_cluster_gets_every_label_placed_apart),
        cmocka_unit_test(test_random_clusters_get_every_label_placed_apart),
        cmocka_unit_test(test_leaders_and_placed_labels_keep_later_ones_off),
        cmocka_unit_test(test_need_decides_what_gives_way),
        cmocka_unit_test(test_placement_depends_on_its_inputs_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
