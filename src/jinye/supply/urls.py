from django.urls import path

from jinye.supply import views

app_name = "supply"
urlpatterns = [
    path("", views.runs, name="runs"),
    path("runs/new/", views.new_run, name="new_run"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/publish/", views.publish, name="publish"),
    path("weeks/<str:week>/publish/", views.publish_week, name="publish_week"),
    path(
        "runs/<int:pk>/allowances/<int:allowance_pk>/adjust/",
        views.adjust_allowance,
        name="adjust_allowance",
    ),
    path("quotas/", views.quotas, name="quotas"),
    path("quotas/compute/", views.compute_quotas, name="compute_quotas"),
    path("quotas/<int:pk>/adjust/", views.adjust_quota, name="adjust_quota"),
    path("orders/new/", views.order_entry, name="order_entry"),
    path("orders/find/retailers/", views.find_retailers, name="find_retailers"),
    path("orders/find/skus/", views.find_skus, name="find_skus"),
    path("orders/retailer-supply/", views.retailer_supply, name="retailer_supply"),
    path("orders/<int:pk>/cancel/", views.cancel, name="cancel_order"),
    path("demands/", views.demands, name="demands"),
    path("demands/new/", views.demand_new, name="demand_new"),
    path("demands/<int:pk>/verify/", views.verify_demand, name="verify_demand"),
    path("demands/<int:pk>/reject/", views.reject_demand, name="reject_demand"),
]
